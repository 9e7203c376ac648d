package io.fleetpulse.api;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.type.LogicalType;
import io.fleetpulse.error.RejectedJsonValue;
import io.quarkus.jackson.ObjectMapperCustomizer;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/**
 * Request bodies are read strictly: one JSON value and nothing after it, no duplicate keys, no scalar
 * coercion (a number is not a string, "2021" is not an int, 2020.5 is not an int, 1 is not an enum),
 * finite numbers only, text without NUL or unpaired surrogates (PostgreSQL cannot store either), and
 * instants only as ISO-8601 text. Each refusal names the field (see {@link RejectedJsonValue}).
 */
@Singleton
public class StrictJson implements ObjectMapperCustomizer {

    @Override
    public void customize(ObjectMapper mapper) {
        mapper.enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
        mapper.enable(DeserializationFeature.FAIL_ON_NUMBERS_FOR_ENUMS);
        mapper.disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT);
        mapper.enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);
        mapper.getFactory().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION.mappedFeature());
        for (LogicalType type : new LogicalType[] {LogicalType.Integer, LogicalType.Float, LogicalType.Boolean,
                LogicalType.Enum, LogicalType.Textual, LogicalType.DateTime}) {
            mapper.coercionConfigFor(type)
                    .setCoercion(CoercionInputShape.String, type == LogicalType.Textual || type == LogicalType.Enum
                            || type == LogicalType.DateTime ? CoercionAction.TryConvert : CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.EmptyString, type == LogicalType.Textual
                            ? CoercionAction.TryConvert : CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.Integer, type == LogicalType.Integer || type == LogicalType.Float
                            ? CoercionAction.TryConvert : CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.Float, type == LogicalType.Float
                            ? CoercionAction.TryConvert : CoercionAction.Fail);
        }
        // "" is not an absent id: {"fleetId":""} must not read as "keep the fleet"
        mapper.coercionConfigFor(LogicalType.OtherScalar).setCoercion(CoercionInputShape.EmptyString, CoercionAction.Fail);
        SimpleModule module = new SimpleModule("fleetpulse-strict-json");
        module.addDeserializer(String.class, new TextDeserializer());
        module.addDeserializer(Double.class, new FiniteDoubleDeserializer());
        module.addDeserializer(Double.TYPE, new FiniteDoubleDeserializer());
        module.addDeserializer(Instant.class, new InstantDeserializer());
        mapper.registerModule(module);
    }

    /** Text only from JSON strings; NUL and unpaired surrogates are refused. */
    static final class TextDeserializer extends JsonDeserializer<String> {
        @Override
        public String deserialize(JsonParser parser, DeserializationContext context) throws IOException {
            if (parser.currentToken() != JsonToken.VALUE_STRING) {
                throw new RejectedJsonValue(parser, "must be a string", null, String.class);
            }
            String text = parser.getText();
            String problem = textProblem(text);
            if (problem != null) {
                throw new RejectedJsonValue(parser, problem, null, String.class);
            }
            return text;
        }
    }

    /** Why {@code text} cannot be stored, or null when it can. */
    static String textProblem(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\u0000') {
                return "must not contain NUL characters";
            }
            if (Character.isHighSurrogate(c)) {
                if (i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                    i++;
                    continue;
                }
                return "must not contain unpaired UTF-16 surrogates";
            }
            if (Character.isLowSurrogate(c)) {
                return "must not contain unpaired UTF-16 surrogates";
            }
        }
        return null;
    }

    /** Numbers only from JSON numbers, and only finite ones (1e400 overflows to Infinity). */
    static final class FiniteDoubleDeserializer extends JsonDeserializer<Double> {
        @Override
        public Double deserialize(JsonParser parser, DeserializationContext context) throws IOException {
            JsonToken token = parser.currentToken();
            if (token != JsonToken.VALUE_NUMBER_INT && token != JsonToken.VALUE_NUMBER_FLOAT) {
                throw new RejectedJsonValue(parser, "must be a number", null, Double.class);
            }
            double value = parser.getDoubleValue();
            if (!Double.isFinite(value)) {
                throw new RejectedJsonValue(parser, "must be a finite number", null, Double.class);
            }
            return value;
        }
    }

    /** Instants only as ISO-8601 text such as 2025-01-31T12:00:00Z (no epoch numbers). */
    static final class InstantDeserializer extends JsonDeserializer<Instant> {
        @Override
        public Instant deserialize(JsonParser parser, DeserializationContext context) throws IOException {
            if (parser.currentToken() != JsonToken.VALUE_STRING) {
                throw new RejectedJsonValue(parser, "must be an ISO-8601 instant, e.g. 2025-01-31T12:00:00Z", null,
                        Instant.class);
            }
            try {
                return Instant.parse(parser.getText().trim());
            } catch (DateTimeParseException e) {
                throw new RejectedJsonValue(parser, "must be an ISO-8601 instant, e.g. 2025-01-31T12:00:00Z", null,
                        Instant.class);
            }
        }
    }
}
