package dev.keel.router.control;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A parsed {@code keel.control} key: {@code bypass}, {@code provider.<name>.api_key} or
 * {@code provider.<name>.disabled}.
 */
public sealed interface ControlSetting {

    String BYPASS = "bypass";
    Pattern PROVIDER = Pattern.compile("provider\\.([a-z0-9_-]+)\\.(api_key|disabled)");

    record Bypass() implements ControlSetting {
    }

    record ProviderApiKey(String provider) implements ControlSetting {
    }

    record ProviderDisabled(String provider) implements ControlSetting {
    }

    static Optional<ControlSetting> parse(String key) {
        if (key == null) {
            return Optional.empty();
        }
        if (BYPASS.equals(key)) {
            return Optional.of(new Bypass());
        }
        Matcher m = PROVIDER.matcher(key);
        if (!m.matches()) {
            return Optional.empty();
        }
        return Optional.of("api_key".equals(m.group(2)) ? new ProviderApiKey(m.group(1)) : new ProviderDisabled(m.group(1)));
    }

    static String apiKeySetting(String provider) {
        return "provider." + provider + ".api_key";
    }

    static String disabledSetting(String provider) {
        return "provider." + provider + ".disabled";
    }
}
