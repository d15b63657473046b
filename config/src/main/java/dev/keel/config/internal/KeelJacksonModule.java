package dev.keel.config.internal;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import dev.keel.config.Durations;
import dev.keel.config.InvalidValueException;
import dev.keel.config.Secret;

import java.io.IOException;
import java.time.Duration;

/** Jackson bindings for config values: human durations, and secrets that always print masked. */
public final class KeelJacksonModule extends SimpleModule {
    private static final long serialVersionUID = 1L;

    public KeelJacksonModule() {
        super("keel-config");
        addDeserializer(Duration.class, new DurationDeserializer());
        addSerializer(Duration.class, new DurationSerializer());
        addDeserializer(Secret.class, new SecretDeserializer());
        addSerializer(Secret.class, new SecretSerializer());
    }

    private static final class DurationDeserializer extends JsonDeserializer<Duration> {
        @Override
        public Duration deserialize(JsonParser p, DeserializationContext ctx) throws IOException {
            if (p.currentToken() != JsonToken.VALUE_STRING) {
                String shown = p.currentToken().isScalarValue() ? "'" + p.getText() + "'" : "a " + p.currentToken().name().toLowerCase();
                throw new InvalidValueException("", "bad duration " + shown + ": expected " + Durations.EXPECTED + " (a bare number has no unit)");
            }
            String text = p.getText();
            return Durations.parse(text).orElseThrow(() ->
                    new InvalidValueException("", "bad duration '" + text + "': expected " + Durations.EXPECTED));
        }
    }

    private static final class DurationSerializer extends JsonSerializer<Duration> {
        @Override
        public void serialize(Duration value, JsonGenerator gen, SerializerProvider provider) throws IOException {
            gen.writeString(Durations.format(value));
        }
    }

    private static final class SecretDeserializer extends JsonDeserializer<Secret> {
        @Override
        public Secret deserialize(JsonParser p, DeserializationContext ctx) throws IOException {
            if (!p.currentToken().isScalarValue()) {
                throw new InvalidValueException("", "expected a string (use ${ENV_VAR} or ${file:/path})");
            }
            return Secret.of(p.getText());
        }
    }

    /** Secrets are written masked, always: nothing Keel serializes may carry a credential. */
    private static final class SecretSerializer extends JsonSerializer<Secret> {
        @Override
        public void serialize(Secret value, JsonGenerator gen, SerializerProvider provider) throws IOException {
            gen.writeString(Secret.MASK);
        }
    }
}
