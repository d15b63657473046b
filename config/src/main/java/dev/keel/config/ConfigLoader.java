package dev.keel.config;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.keel.config.internal.Interpolator;
import dev.keel.config.internal.KeelJacksonModule;
import dev.keel.config.internal.YamlDocument;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Reads {@code keel.yaml}: YAML → {@code ${ENV}} interpolation → self-validating records. Every
 * refusal is a {@link ConfigException} with one line naming the file, the line and the key.
 *
 * <p>Environment overrides applied after the file: {@code BYPASS_ROUTER=true} starts the router in
 * bypass (DESIGN.md). Stateless and thread-safe.
 */
public final class ConfigLoader {

    /** The variable that names the config file when {@code --config} is not given. */
    public static final String CONFIG_ENV = "KEEL_CONFIG";
    public static final String BYPASS_ENV = "BYPASS_ROUTER";

    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .propertyNamingStrategy(PropertyNamingStrategies.KEBAB_CASE)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
            .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
            .addModule(new KeelJacksonModule())
            .build();

    private final Map<String, String> env;

    public ConfigLoader(Map<String, String> env) {
        this.env = Map.copyOf(env);
    }

    public static ConfigLoader fromEnvironment() {
        return new ConfigLoader(System.getenv());
    }

    /**
     * The config of a command: {@code explicit} if given, else {@code $KEEL_CONFIG}, else the
     * embedded defaults.
     */
    public KeelConfig resolve(Path explicit) {
        if (explicit != null) {
            return load(explicit);
        }
        String fromEnv = env.get(CONFIG_ENV);
        if (fromEnv != null && !fromEnv.isBlank()) {
            return load(Path.of(fromEnv));
        }
        return applyEnvironment(KeelConfig.defaults());
    }

    public KeelConfig load(Path file) {
        String yaml;
        try {
            yaml = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new ConfigException(file + ": no such file", "");
        } catch (IOException e) {
            throw new ConfigException(file + ": cannot read (" + e.getClass().getSimpleName() + ")", "");
        }
        Path dir = file.toAbsolutePath().getParent();
        return parse(yaml, file.toString(), dir == null ? Path.of(".") : dir);
    }

    public KeelConfig parse(String yaml, String sourceName, Path baseDir) {
        YamlDocument document = YamlDocument.parse(yaml, sourceName, new Interpolator(env, baseDir));
        KeelConfig config;
        try {
            config = MAPPER.treeToValue(document.root(), KeelConfig.class);
        } catch (JsonMappingException e) {
            throw translate(e, document);
        } catch (InvalidValueException e) {
            throw new ConfigException(document.describe(e.field(), e.getMessage()), e.field());
        } catch (IOException e) {
            throw new ConfigException(sourceName + ": " + e.getMessage(), "");
        }
        if (config == null) {
            config = KeelConfig.defaults();
        }
        return applyEnvironment(config);
    }

    private KeelConfig applyEnvironment(KeelConfig config) {
        String bypass = env.get(BYPASS_ENV);
        if (bypass == null || bypass.isBlank()) {
            return config;
        }
        return switch (bypass.strip().toLowerCase()) {
            case "true", "1", "yes", "on" -> config.withRouting(config.routing().withBypass(true));
            case "false", "0", "no", "off" -> config.withRouting(config.routing().withBypass(false));
            default -> throw new ConfigException(BYPASS_ENV + ": expected true or false", BYPASS_ENV);
        };
    }

    private static ConfigException translate(JsonMappingException e, YamlDocument document) {
        String path = pathOf(e);
        if (e instanceof UnrecognizedPropertyException unknown) {
            String known = unknown.getKnownPropertyIds() == null ? "" : unknown.getKnownPropertyIds().stream()
                    .map(Object::toString).collect(Collectors.toCollection(TreeSet::new)).stream().collect(Collectors.joining(", "));
            return new ConfigException(document.describe(path, "unknown key" + (known.isEmpty() ? "" : " (known: " + known + ")")), path);
        }
        if (rootCause(e) instanceof InvalidValueException invalid) {
            // From a record constructor the path ends at the record; from a value deserializer, at the value.
            String full = invalid.field().isEmpty() ? path : path.isEmpty() ? invalid.field() : path + "." + invalid.field();
            return new ConfigException(document.describe(full, invalid.getMessage()), full);
        }
        if (e instanceof InvalidFormatException format && format.getTargetType() != null && format.getTargetType().isEnum()) {
            String allowed = java.util.Arrays.stream(format.getTargetType().getEnumConstants())
                    .map(c -> c instanceof Enum<?> en ? enumId(en) : c.toString()).collect(Collectors.joining(", "));
            return new ConfigException(document.describe(path, "expected one of " + allowed + ", got '" + format.getValue() + "'"), path);
        }
        if (e instanceof MismatchedInputException mismatch) {
            return new ConfigException(document.describe(path, "expected " + describe(mismatch.getTargetType())), path);
        }
        Throwable cause = rootCause(e);
        return new ConfigException(document.describe(path, cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage()), path);
    }

    private static String enumId(Enum<?> constant) {
        try {
            return (String) constant.getClass().getMethod("id").invoke(constant);
        } catch (ReflectiveOperationException e) {
            return constant.name().toLowerCase();
        }
    }

    private static String describe(Class<?> type) {
        if (type == null) {
            return "a different kind of value";
        }
        if (type == Integer.class || type == int.class || type == Long.class || type == long.class || type == Short.class) {
            return "a whole number";
        }
        if (type == Double.class || type == Float.class || type == java.math.BigDecimal.class) {
            return "a number";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "true or false";
        }
        if (type == String.class || type == java.net.URI.class) {
            return "a string";
        }
        if (Map.class.isAssignableFrom(type) || type.isRecord()) {
            return "a mapping of keys";
        }
        if (java.util.Collection.class.isAssignableFrom(type)) {
            return "a list";
        }
        return "a " + type.getSimpleName();
    }

    private static String pathOf(JsonMappingException e) {
        StringBuilder path = new StringBuilder();
        for (JsonMappingException.Reference ref : e.getPath()) {
            if (ref.getFieldName() != null) {
                if (!path.isEmpty()) {
                    path.append('.');
                }
                path.append(ref.getFieldName());
            } else if (ref.getIndex() >= 0) {
                path.append('[').append(ref.getIndex()).append(']');
            }
        }
        return path.toString();
    }

    private static Throwable rootCause(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t;
    }
}
