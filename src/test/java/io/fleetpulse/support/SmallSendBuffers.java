package io.fleetpulse.support;

import io.quarkus.vertx.http.HttpServerOptionsCustomizer;
import io.vertx.core.http.HttpServerOptions;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Tests only: a small fixed socket send buffer, so a client that stops reading fills it after a few
 * hundred events rather than the megabytes loopback autotuning would absorb.
 */
@ApplicationScoped
public class SmallSendBuffers implements HttpServerOptionsCustomizer {

    @Override
    public void customizeHttpServer(HttpServerOptions options) {
        options.setSendBufferSize(16 * 1024);
    }
}
