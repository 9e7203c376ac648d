import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

/**
 * Smoke-test WebSocket client, run as a single source file (java scripts/FeedProbe.java URL TOKEN TYPE
 * SECONDS): connects with the bearer token, prints CONNECTED, then prints the first frame whose "type"
 * is TYPE and exits 0, or exits 1 after SECONDS. With TYPE "CLOSE" it waits for the server's close
 * frame instead and prints "CLOSED <code>".
 */
public class FeedProbe {
    public static void main(String[] args) throws Exception {
        String url = args[0], token = args[1], type = "\"type\":\"" + args[2] + "\"";
        long seconds = Long.parseLong(args[3]);
        CompletableFuture<String> frame = new CompletableFuture<>();
        StringBuilder partial = new StringBuilder();
        WebSocket socket = HttpClient.newHttpClient().newWebSocketBuilder()
                .header("Authorization", "Bearer " + token)
                .connectTimeout(Duration.ofSeconds(10))
                .buildAsync(URI.create(url), new WebSocket.Listener() {
                    @Override
                    public CompletionStage<?> onClose(WebSocket ws, int code, String reason) {
                        if (args[2].equals("CLOSE")) {
                            frame.complete("CLOSED " + code);
                        }
                        return null;
                    }

                    @Override
                    public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
                        partial.append(data);
                        if (last) {
                            if (partial.indexOf(type) >= 0) {
                                frame.complete(partial.toString());
                            }
                            partial.setLength(0);
                        }
                        ws.request(1);
                        return null;
                    }
                }).get(10, TimeUnit.SECONDS);
        System.out.println("CONNECTED");
        System.out.flush();
        try {
            System.out.println(frame.get(seconds, TimeUnit.SECONDS));
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "done");
            System.exit(0);
        } catch (java.util.concurrent.TimeoutException e) {
            System.err.println("no " + args[2] + " frame within " + seconds + " s");
            System.exit(1);
        }
    }
}
