package dev.vigil.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dropwizard.jersey.errors.ErrorMessage;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.ByteBuffer;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * Errors that Jetty answers itself (a malformed URI, a header too large, a path outside every servlet) in the API's
 * shape, {@code {"code": 400, "message": "..."}}, instead of Jetty's HTML page: clients of a JSON API parse errors.
 */
public final class JsonErrorPages {
    /** The API's own error shape, written as the resources write it. */
    private static final ObjectMapper JSON = new ObjectMapper();

    private JsonErrorPages() {
    }

    /**
     * For the server (requests too malformed to reach any context) and for the application's servlet context
     * (Jetty's own 404s, 405s and errors of servlets), whose error pages Jetty would otherwise write as HTML.
     */
    public static final class Handler extends org.eclipse.jetty.server.handler.ErrorHandler {
        /** Every method gets a body: Jetty writes none for DELETE, PUT, PATCH by default. */
        @Override
        public boolean errorPageForMethod(String method) {
            return true;
        }

        @Override
        protected boolean generateAcceptableResponse(Request request, Response response, Callback callback,
                                                     String contentType, List<Charset> charsets, int code,
                                                     String message, Throwable cause) throws IOException {
            return super.generateAcceptableResponse(request, response, callback, "application/json",
                    List.of(StandardCharsets.UTF_8), code, message, cause);
        }

        @Override
        protected void writeErrorJson(Request request, PrintWriter writer, int code, String message, Throwable cause) {
            writer.write(json(code, message));
        }

        @Override
        public ByteBuffer badMessageError(int status, String reason, HttpFields.Mutable fields) {
            fields.put(new HttpField(HttpHeader.CONTENT_TYPE, "application/json"));
            return ByteBuffer.wrap(json(status, reason).getBytes(StandardCharsets.UTF_8));
        }
    }

    static String json(int code, String message) {
        try {
            return JSON.writeValueAsString(new ErrorMessage(code, message == null || message.isBlank() ? "HTTP " + code
                    : message));
        } catch (JsonProcessingException e) {
            return "{\"code\":" + code + ",\"message\":\"HTTP " + code + "\"}";
        }
    }
}
