package io.fleetpulse.support;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * HTTP/1.x written by hand on a socket, for what well-behaved clients never send: dot segments kept as
 * they are, HTTP/1.0 without Host, chunked bodies, invalid UTF-8 bytes.
 */
public final class RawHttp {

    /** A parsed response: status, headers (lower-case names, last value wins) and body. */
    public record Response(int status, Map<String, String> headers, String body) {
        public String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }
    }

    private RawHttp() {
    }

    public static int port() {
        return io.restassured.RestAssured.port;
    }

    /** Sends {@code head} (CRLF line endings, ending with an empty line) and {@code body}, reads the response. */
    public static Response exchange(String head, byte[] body) {
        try (Socket socket = new Socket("localhost", port())) {
            socket.setSoTimeout(15_000);
            OutputStream out = socket.getOutputStream();
            out.write(head.getBytes(StandardCharsets.ISO_8859_1));
            try {
                if (body != null) {
                    out.write(body);
                }
                out.flush();
            } catch (IOException e) {
                // the server may answer (413) and stop reading before the whole body is sent
            }
            return read(socket.getInputStream());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A request with Connection: close, optional bearer token and JSON body (sent with Content-Length). */
    public static Response request(String method, String target, String token, byte[] json) {
        StringBuilder head = new StringBuilder(method).append(' ').append(target).append(" HTTP/1.1\r\n")
                .append("Host: localhost:").append(port()).append("\r\nConnection: close\r\nAccept: application/json\r\n");
        if (token != null) {
            head.append("Authorization: Bearer ").append(token).append("\r\n");
        }
        if (json != null) {
            head.append("Content-Type: application/json\r\nContent-Length: ").append(json.length).append("\r\n");
        }
        return exchange(head.append("\r\n").toString(), json);
    }

    /** A JSON body sent chunked (no Content-Length), in chunks of at most 8 KiB. */
    public static Response chunked(String method, String target, String token, byte[] json) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        for (int offset = 0; offset < json.length; offset += 8192) {
            int n = Math.min(8192, json.length - offset);
            body.writeBytes((Integer.toHexString(n) + "\r\n").getBytes(StandardCharsets.US_ASCII));
            body.write(json, offset, n);
            body.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
        }
        body.writeBytes("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        String head = method + " " + target + " HTTP/1.1\r\nHost: localhost:" + port() + "\r\nConnection: close\r\n"
                + "Authorization: Bearer " + token + "\r\nContent-Type: application/json\r\n"
                + "Transfer-Encoding: chunked\r\n\r\n";
        return exchange(head, body.toByteArray());
    }

    private static Response read(InputStream in) throws IOException {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        try {
            for (int n; (n = in.read(buffer)) >= 0; ) {
                all.write(buffer, 0, n);
                if (complete(all.toString(StandardCharsets.ISO_8859_1))) {
                    break;
                }
            }
        } catch (SocketTimeoutException | java.net.SocketException e) {
            // the server may reset after answering an oversized body: parse what arrived
        }
        String text = all.toString(StandardCharsets.UTF_8);
        int end = text.indexOf("\r\n\r\n");
        if (end < 0) {
            throw new IllegalStateException("No complete response head: " + text);
        }
        String[] lines = text.substring(0, end).split("\r\n");
        int status = Integer.parseInt(lines[0].split(" ")[1]);
        Map<String, String> headers = new LinkedHashMap<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            headers.put(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT), lines[i].substring(colon + 1).trim());
        }
        String body = text.substring(end + 4);
        if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
            body = unchunk(body);
        }
        return new Response(status, headers, body);
    }

    /** Whether a whole response (head and a Content-Length or chunked body) has arrived. */
    private static boolean complete(String text) {
        int end = text.indexOf("\r\n\r\n");
        if (end < 0) {
            return false;
        }
        String head = text.substring(0, end).toLowerCase(Locale.ROOT);
        java.util.regex.Matcher length = java.util.regex.Pattern.compile("content-length:\\s*(\\d+)").matcher(head);
        if (length.find()) {
            return text.length() - end - 4 >= Integer.parseInt(length.group(1));
        }
        if (head.contains("transfer-encoding: chunked")) {
            return text.endsWith("0\r\n\r\n");
        }
        return false;
    }

    private static String unchunk(String body) {
        StringBuilder out = new StringBuilder();
        int i = 0;
        while (i < body.length()) {
            int eol = body.indexOf("\r\n", i);
            int size = Integer.parseInt(body.substring(i, eol).trim(), 16);
            if (size == 0) {
                break;
            }
            out.append(body, eol + 2, eol + 2 + size);
            i = eol + 2 + size + 2;
        }
        return out.toString();
    }
}
