package dev.keel.config.archfixture;

import dev.keel.schemas.archfixture.SchemaThing;

/** Stands for config code: using schemas (a lower tier) is allowed. */
public final class ConfigThing {

    public String name() {
        return new SchemaThing().toString();
    }
}
