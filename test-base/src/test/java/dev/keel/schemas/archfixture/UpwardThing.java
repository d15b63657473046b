package dev.keel.schemas.archfixture;

import dev.keel.config.archfixture.ConfigThing;

/** Stands for schemas code that uses config: an arrow pointing up (config is a higher tier). */
public final class UpwardThing {

    public String name() {
        return new ConfigThing().name();
    }
}
