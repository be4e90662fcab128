package dev.vigil.api;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.ext.ReaderInterceptor;
import jakarta.ws.rs.ext.ReaderInterceptorContext;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;

/**
 * Reads what is left of a request body before the response goes out. A reply that does not need the body (a 401
 * from the auth filter, a 400 from a parse error halfway through) is otherwise sent with keep-alive, and Jetty then
 * finds the unread bytes and closes the connection under the client, whose next request on it fails ("header parser
 * received no bytes" in Java's client). Up to {@link #LIMIT} bytes are read and dropped; a larger rest gets
 * {@code Connection: close} so the client opens a new connection instead.
 *
 * <p>A body a reader turned into an entity (all of it, or Jersey would have failed the read) is marked as it is
 * read, so the common case costs a property lookup; asking Jersey about a stream it has closed throws, and building
 * that exception's stack trace on every request was measurable under load.
 */
public final class UnreadBodyDrain implements ContainerResponseFilter, ReaderInterceptor {
    static final int LIMIT = 1 << 20;
    private static final String READ = UnreadBodyDrain.class.getName() + ".read";

    @Override
    public Object aroundReadFrom(ReaderInterceptorContext context) throws IOException {
        Object entity = context.proceed();
        if (!(entity instanceof InputStream) && !(entity instanceof Reader)) {
            context.setProperty(READ, Boolean.TRUE);
        }
        return entity;
    }

    @Override
    public void filter(ContainerRequestContext request, ContainerResponseContext response) {
        if (request.getProperty(READ) == null && !drained(request)) {
            response.getHeaders().putSingle("Connection", "close");
        }
    }

    /** Whether the body has been read to its end (or there was none). */
    private static boolean drained(ContainerRequestContext request) {
        try {
            if (!request.hasEntity()) {
                return true;
            }
            InputStream in = request.getEntityStream();
            byte[] buffer = new byte[8192];
            long read = 0;
            int n;
            while ((n = in.read(buffer)) >= 0) {
                read += n;
                if (read > LIMIT) {
                    return false;
                }
            }
            return true;
        } catch (IllegalStateException e) {
            return true; // Jersey closed the stream: a reader consumed the body
        } catch (IOException e) {
            return false;
        }
    }
}
