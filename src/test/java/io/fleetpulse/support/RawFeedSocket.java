package io.fleetpulse.support;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * A WebSocket client on a plain TCP socket, for a client that stops reading: until {@link #readUntilClose}
 * it reads nothing after the upgrade, so its small receive window fills and the server's writes stall, as
 * they do for a frozen browser tab. Then it reads every frame the server wrote, up to and with the close frame.
 */
public final class RawFeedSocket implements AutoCloseable {

    private static final SecureRandom RANDOM = new SecureRandom();

    /** What was read: the text frames in order and the close code (null when the socket ended without one). */
    public record Received(List<String> texts, Integer closeCode) {
    }

    private final Socket socket;
    private final DataInputStream in;
    private final OutputStream out;

    private RawFeedSocket(Socket socket) throws IOException {
        this.socket = socket;
        this.in = new DataInputStream(socket.getInputStream());
        this.out = socket.getOutputStream();
    }

    /** Upgrades {@code path} on the test server with a bearer token; the receive buffer is set before connecting. */
    public static RawFeedSocket open(String path, String token, int receiveBufferBytes) {
        Socket socket = new Socket();
        try {
            socket.setReceiveBufferSize(receiveBufferBytes); // before connect, so the window is this small
            socket.connect(new InetSocketAddress("localhost", io.restassured.RestAssured.port), 5000);
            socket.setSoTimeout(10_000);
            RawFeedSocket client = new RawFeedSocket(socket);
            byte[] key = new byte[16];
            RANDOM.nextBytes(key);
            String request = "GET " + path + " HTTP/1.1\r\n"
                    + "Host: localhost:" + io.restassured.RestAssured.port + "\r\n"
                    + "Upgrade: websocket\r\nConnection: Upgrade\r\n"
                    + "Sec-WebSocket-Key: " + Base64.getEncoder().encodeToString(key) + "\r\n"
                    + "Sec-WebSocket-Version: 13\r\n"
                    + "Authorization: Bearer " + token + "\r\n\r\n";
            client.out.write(request.getBytes(StandardCharsets.US_ASCII));
            client.out.flush();
            String status = client.readHead();
            if (!status.startsWith("HTTP/1.1 101")) {
                socket.close();
                throw new IllegalStateException("Upgrade refused: " + status);
            }
            return client;
        } catch (IOException e) {
            try {
                socket.close();
            } catch (IOException ignored) {
                // already failing
            }
            throw new IllegalStateException(e);
        }
    }

    /** Reads the response head byte by byte (no frame byte may be consumed), returns its status line. */
    private String readHead() throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        byte[] end = {'\r', '\n', '\r', '\n'};
        while (matched < 4) {
            int b = in.read();
            if (b < 0) {
                throw new EOFException("Connection closed during the upgrade: " + head);
            }
            head.write(b);
            matched = b == end[matched] ? matched + 1 : (b == '\r' ? 1 : 0);
        }
        String text = head.toString(StandardCharsets.US_ASCII);
        return text.substring(0, text.indexOf("\r\n"));
    }

    /** Resumes reading: every frame up to the close frame (answered), or until the socket ends or times out. */
    public Received readUntilClose(Duration timeout) throws IOException {
        socket.setSoTimeout((int) timeout.toMillis());
        List<String> texts = new ArrayList<>();
        ByteArrayOutputStream message = new ByteArrayOutputStream();
        try {
            while (true) {
                int first = in.readUnsignedByte();
                int opcode = first & 0x0F;
                boolean fin = (first & 0x80) != 0;
                byte[] payload = readPayload();
                if (opcode == 0x8) {
                    Integer code = payload.length >= 2 ? ((payload[0] & 0xFF) << 8) | (payload[1] & 0xFF) : null;
                    sendClose(payload.length >= 2 ? new byte[] {payload[0], payload[1]} : new byte[0]);
                    return new Received(texts, code);
                }
                if (opcode == 0x1 || opcode == 0x0) {
                    message.write(payload);
                    if (fin) {
                        texts.add(message.toString(StandardCharsets.UTF_8));
                        message.reset();
                    }
                }
                // pings (0x9) and pongs (0xA) need no answer here: the test is over in seconds
            }
        } catch (EOFException | java.net.SocketException ended) {
            return new Received(texts, null);
        }
    }

    private byte[] readPayload() throws IOException {
        int second = in.readUnsignedByte();
        long length = second & 0x7F;
        if (length == 126) {
            length = in.readUnsignedShort();
        } else if (length == 127) {
            length = in.readLong();
        }
        byte[] mask = null;
        if ((second & 0x80) != 0) {
            mask = new byte[4];
            in.readFully(mask);
        }
        byte[] payload = new byte[Math.toIntExact(length)];
        in.readFully(payload);
        if (mask != null) {
            for (int i = 0; i < payload.length; i++) {
                payload[i] ^= mask[i % 4];
            }
        }
        return payload;
    }

    /** A client close frame must be masked (RFC 6455 section 5.3). */
    private void sendClose(byte[] body) throws IOException {
        byte[] mask = new byte[4];
        RANDOM.nextBytes(mask);
        ByteArrayOutputStream frame = new ByteArrayOutputStream();
        frame.write(0x88);
        frame.write(0x80 | body.length);
        frame.write(mask);
        for (int i = 0; i < body.length; i++) {
            frame.write(body[i] ^ mask[i % 4]);
        }
        out.write(frame.toByteArray());
        out.flush();
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }
}
