package dev.vigil.api;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;
import com.fasterxml.jackson.databind.deser.std.StringDeserializer;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.type.LogicalType;
import java.io.IOException;

/**
 * Request bodies are read as written, never guessed at: a misspelt field, a number where a string belongs
 * ({@code "version": 1e400}, {@code "message": 123}), a key given twice, or a NUL character (which PostgreSQL cannot
 * store) is a 400 naming the field, not a value Vigil made up.
 */
public final class StrictJson {
    private StrictJson() {
    }

    public static void configure(ObjectMapper mapper) {
        mapper.enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
        mapper.enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);
        mapper.enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
        mapper.coercionConfigFor(LogicalType.Textual)
                .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail);
        mapper.registerModule(new SimpleModule("vigil-strict-strings").addDeserializer(String.class, new NoNul()));
    }

    /** A string field holding a NUL character. */
    static final class NulCharacterException extends MismatchedInputException {
        NulCharacterException(JsonParser p) {
            super(p, "contains a NUL character (\\u0000)", String.class);
        }
    }

    /** Jackson's own string reading, then a refusal of NUL characters. */
    private static final class NoNul extends StdScalarDeserializer<String> {
        NoNul() {
            super(String.class);
        }

        @Override
        public String deserialize(JsonParser p, DeserializationContext ctx) throws IOException {
            String s = StringDeserializer.instance.deserialize(p, ctx);
            if (s != null && s.indexOf('\0') >= 0) {
                throw new NulCharacterException(p);
            }
            return s;
        }
    }
}
