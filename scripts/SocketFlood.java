import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * Smoke-test load client, run as a single source file (java scripts/SocketFlood.java URL TOKEN COUNT SECONDS):
 * opens COUNT idle WebSockets to URL (at most 64 handshakes at a time), prints "CONNECTED <count>", then
 * waits up to SECONDS for the server to close them all and prints "CLOSED <code>=<n> ..." (code -1: the
 * TCP connection ended without a close frame). Exits 0 only if every socket was closed with 1001.
 */
public class SocketFlood {
    public static void main(String[] args) throws Exception {
        URI url = URI.create(args[0]);
        String token = args[1];
        int count = Integer.parseInt(args[2]);
        long seconds = Long.parseLong(args[3]);
        HttpClient http = HttpClient.newHttpClient();
        Map<Integer, Integer> codes = new ConcurrentHashMap<>();
        List<CompletableFuture<Integer>> closed = new ArrayList<>();
        Semaphore handshakes = new Semaphore(64);
        List<CompletableFuture<WebSocket>> opened = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            CompletableFuture<Integer> done = new CompletableFuture<>();
            closed.add(done);
            handshakes.acquire();
            opened.add(http.newWebSocketBuilder()
                    .header("Authorization", "Bearer " + token)
                    .connectTimeout(Duration.ofSeconds(20))
                    .buildAsync(url, new WebSocket.Listener() {
                        @Override
                        public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
                            ws.request(1);
                            return null;
                        }

                        @Override
                        public CompletionStage<?> onClose(WebSocket ws, int code, String reason) {
                            done.complete(code);
                            return null;
                        }

                        @Override
                        public void onError(WebSocket ws, Throwable error) {
                            done.complete(-1);
                        }
                    })
                    .whenComplete((ws, error) -> handshakes.release()));
        }
        for (CompletableFuture<WebSocket> socket : opened) {
            try {
                socket.get(60, TimeUnit.SECONDS);
            } catch (Exception e) {
                System.err.println("FAILED to connect: " + e);
                System.exit(2);
            }
        }
        System.out.println("CONNECTED " + count);
        System.out.flush();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        for (CompletableFuture<Integer> done : closed) {
            long left = deadline - System.nanoTime();
            int code;
            try {
                code = done.get(Math.max(left, 1), TimeUnit.NANOSECONDS);
            } catch (java.util.concurrent.TimeoutException e) {
                code = 0; // still open at the deadline
            }
            codes.merge(code, 1, Integer::sum);
        }
        StringBuilder summary = new StringBuilder("CLOSED");
        new TreeMap<>(codes).forEach((code, n) -> summary.append(' ').append(code).append('=').append(n));
        System.out.println(summary);
        System.exit(codes.getOrDefault(1001, 0) == count ? 0 : 1);
    }
}
