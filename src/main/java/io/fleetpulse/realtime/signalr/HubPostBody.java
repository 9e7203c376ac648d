package io.fleetpulse.realtime.signalr;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fleetpulse.error.Problem;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;
import jakarta.ws.rs.core.Response;
import java.util.function.Consumer;

/** Reads the body of a hub POST up to the hub's message limit (413 beyond it), and writes problem answers. */
final class HubPostBody {

    private HubPostBody() {
    }

    /** Hands the whole body to {@code onBody}; a declared or actual body over {@code max} bytes answers 413. */
    static void read(RoutingContext context, int max, ObjectMapper json, Consumer<byte[]> onBody) {
        String length = context.request().getHeader(HttpHeaders.CONTENT_LENGTH);
        if (length != null && declaredOver(length, max)) {
            tooLarge(context, max, json);
            return;
        }
        if (context.body() != null && context.body().available() && context.body().buffer() != null) {
            Buffer body = context.body().buffer();
            if (body.length() > max) {
                tooLarge(context, max, json);
            } else {
                onBody.accept(body.getBytes());
            }
            return;
        }
        Buffer body = Buffer.buffer();
        boolean[] over = {false};
        context.request().handler(chunk -> {
            if (over[0]) {
                return;
            }
            if (body.length() + chunk.length() > max) {
                over[0] = true;
                tooLarge(context, max, json);
                context.request().connection().close(); // the rest is not read: the connection cannot be reused
                return;
            }
            body.appendBuffer(chunk);
        });
        context.request().endHandler(ignored -> {
            if (!over[0]) {
                onBody.accept(body.getBytes());
            }
        });
        context.request().exceptionHandler(ignored -> over[0] = true);
    }

    private static boolean declaredOver(String length, int max) {
        try {
            return Long.parseLong(length.trim()) > max;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private static void tooLarge(RoutingContext context, int max, ObjectMapper json) {
        problem(context, Problem.of(Response.Status.REQUEST_ENTITY_TOO_LARGE,
                "The message is larger than the hub's limit of " + max + " bytes"), json);
    }

    static void problem(RoutingContext context, Problem problem, ObjectMapper json) {
        if (context.response().headWritten()) {
            return;
        }
        String body;
        try {
            body = json.writeValueAsString(problem);
        } catch (JsonProcessingException e) {
            body = "{\"status\":" + problem.status() + "}";
        }
        context.response().setStatusCode(problem.status()).putHeader("Content-Type", Problem.MEDIA_TYPE)
                .putHeader("Cache-Control", "no-store").end(body);
    }
}
