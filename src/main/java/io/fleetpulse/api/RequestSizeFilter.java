package io.fleetpulse.api;

import io.fleetpulse.config.FleetPulseConfig;
import io.fleetpulse.error.Problem;
import io.fleetpulse.error.ProblemException;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.Provider;
import jakarta.ws.rs.ext.ReaderInterceptor;
import jakarta.ws.rs.ext.ReaderInterceptorContext;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Enforces {@code fleetpulse.api.max-body-size} with a 413 problem: up front from Content-Length,
 * and while reading for chunked bodies that declare no length. While reading it also checks that a JSON
 * body is well-formed UTF-8 (RFC 8259), so that overlong forms such as C0 AE never decode to '.'.
 */
@Provider
public class RequestSizeFilter implements ReaderInterceptor {

    // Providers are created during static init, before runtime configuration exists: look it up on use.
    private final jakarta.inject.Provider<FleetPulseConfig> config;

    RequestSizeFilter(jakarta.inject.Provider<FleetPulseConfig> config) {
        this.config = config;
    }

    /** Request property carrying the limit chosen for this request from its path. */
    private static final String LIMIT = "fleetpulse.max-body-size";

    private long maxBytes(String path) {
        // Telemetry batches are bigger than any other body: their own limit (fleetpulse.telemetry.max-body-size).
        if (path != null && path.startsWith("/api/owners/") && path.endsWith("/telemetry")) {
            return config.get().telemetry().maxBodySize().asLongValue();
        }
        return config.get().api().maxBodySize().asLongValue();
    }

    @ServerRequestFilter(preMatching = true)
    public Response limitDeclaredSize(ContainerRequestContext request) {
        long max = maxBytes(request.getUriInfo().getPath());
        request.setProperty(LIMIT, max);
        String length = request.getHeaderString(HttpHeaders.CONTENT_LENGTH);
        if (length == null) {
            return null;
        }
        try {
            if (Long.parseLong(length.trim()) <= max) {
                return null;
            }
        } catch (NumberFormatException e) {
            return Problem.of(Response.Status.BAD_REQUEST, "Content-Length is not a number")
                    .withInstance(request.getUriInfo().getPath()).toResponse();
        }
        return tooLarge(max).problem().withInstance(request.getUriInfo().getPath()).toResponse();
    }

    @Override
    public Object aroundReadFrom(ReaderInterceptorContext context) throws IOException {
        Object limit = context.getProperty(LIMIT);
        long max = limit instanceof Long l ? l : maxBytes(null);
        boolean json = context.getMediaType() != null && context.getMediaType().getSubtype() != null
                && (context.getMediaType().getSubtype().equals("json") || context.getMediaType().getSubtype().endsWith("+json"));
        context.setInputStream(new Limited(context.getInputStream(), max, json ? new Utf8Check() : null));
        return context.proceed();
    }

    private static ProblemException notUtf8() {
        return new ProblemException(Problem.of(Response.Status.BAD_REQUEST, "The request body is not valid UTF-8"));
    }

    private static ProblemException tooLarge(long max) {
        return new ProblemException(Problem.of(Response.Status.REQUEST_ENTITY_TOO_LARGE,
                "The request body is larger than " + max + " bytes"));
    }

    /** Counts what the body reader consumes and stops at the limit; checks UTF-8 when given a check. */
    private static final class Limited extends FilterInputStream {
        private final long max;
        private final Utf8Check utf8;
        private long read;

        Limited(InputStream in, long max, Utf8Check utf8) {
            super(in);
            this.max = max;
            this.utf8 = utf8;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                count(1);
                check(new byte[] {(byte) b}, 0, 1);
            } else {
                end();
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = super.read(buffer, offset, length);
            if (n > 0) {
                count(n);
                check(buffer, offset, n);
            } else if (n < 0) {
                end();
            }
            return n;
        }

        private void check(byte[] buffer, int offset, int length) {
            if (utf8 != null && !utf8.accept(buffer, offset, length)) {
                throw notUtf8();
            }
        }

        private void end() {
            if (utf8 != null && !utf8.complete()) {
                throw notUtf8();
            }
        }

        private void count(int n) {
            read += n;
            if (read > max) {
                throw tooLarge(max);
            }
        }
    }
}
