package dev.vigil.api;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import io.dropwizard.jersey.errors.ErrorMessage;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * A request body that is not the JSON a call expects gets a 400 naming the field, instead of Dropwizard's
 * "Unable to process JSON". Each mapper takes a narrower exception than Dropwizard's, so Jersey picks it.
 */
public final class JsonBodyErrors {
    private JsonBodyErrors() {
    }

    /** The mappers to register with Jersey. */
    public static List<Object> mappers() {
        return List.of(new Unknown(), new Mismatched(), new Unparseable());
    }

    /** A field the call does not know. */
    static final class Unknown implements ExceptionMapper<UnrecognizedPropertyException> {
        @Override
        public Response toResponse(UnrecognizedPropertyException e) {
            String known = e.getKnownPropertyIds() == null ? "" : e.getKnownPropertyIds().stream()
                    .map(Object::toString).sorted().collect(Collectors.joining(", "));
            return bad(path(e) + ": unknown field" + (known.isEmpty() ? "" : " (expected one of: " + known + ")"));
        }
    }

    /** A field of the wrong type (a list where a string belongs). */
    static final class Mismatched implements ExceptionMapper<MismatchedInputException> {
        @Override
        public Response toResponse(MismatchedInputException e) {
            String field = path(e);
            if (e instanceof StrictJson.NulCharacterException) {
                return bad(field + ": " + e.getOriginalMessage());
            }
            return bad((field.isEmpty() ? "body" : field) + ": expected " + expected(e.getTargetType()));
        }
    }

    /** Not JSON at all. */
    static final class Unparseable implements ExceptionMapper<JsonParseException> {
        @Override
        public Response toResponse(JsonParseException e) {
            JsonLocation at = e.getLocation();
            return bad("body is not valid JSON" + (at == null ? "" : " at line " + at.getLineNr() + ", column "
                    + at.getColumnNr()) + ": " + e.getOriginalMessage());
        }
    }

    private static String path(JsonMappingException e) {
        return e.getPath().stream().map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
                .filter(Objects::nonNull).collect(Collectors.joining(".")).replace(".[", "[");
    }

    private static String expected(Class<?> type) {
        if (type == null) {
            return "another type";
        }
        if (type == String.class) {
            return "a string";
        }
        if (Number.class.isAssignableFrom(type) || type.isPrimitive()) {
            return "a number";
        }
        if (Iterable.class.isAssignableFrom(type) || type.isArray()) {
            return "a list";
        }
        return "a JSON object";
    }

    private static Response bad(String message) {
        return Response.status(400).type(MediaType.APPLICATION_JSON_TYPE).entity(new ErrorMessage(400, message)).build();
    }
}
