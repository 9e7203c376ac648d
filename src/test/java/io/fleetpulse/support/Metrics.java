package io.fleetpulse.support;

import static io.restassured.RestAssured.given;

import java.util.HashMap;
import java.util.Map;

/**
 * One scrape of /q/metrics (Prometheus text format), for assertions on the change a test's own action
 * made: take one before, one after, and compare with {@link #delta}. Never assert an absolute counter:
 * other tests in the same application moved it.
 */
public final class Metrics {

    private final Map<String, Double> series; // "name{labels}" -> value

    private Metrics(Map<String, Double> series) {
        this.series = series;
    }

    /** Scrapes the test application's /q/metrics now. */
    public static Metrics scrape() {
        return parse(given().get("/q/metrics").then().statusCode(200).extract().asString());
    }

    /** Parses exposition text: comment lines skipped, each sample "name{labels} value" kept. */
    public static Metrics parse(String text) {
        Map<String, Double> series = new HashMap<>();
        for (String line : text.split("\n")) {
            String sample = line.trim();
            if (sample.isEmpty() || sample.startsWith("#")) {
                continue;
            }
            int space = sample.lastIndexOf(' ');
            if (space < 0) {
                throw new IllegalArgumentException("Not a sample line: " + line);
            }
            series.put(sample.substring(0, space).trim(), number(sample.substring(space + 1)));
        }
        return new Metrics(series);
    }

    private static double number(String value) {
        return switch (value) {
            case "+Inf" -> Double.POSITIVE_INFINITY;
            case "-Inf" -> Double.NEGATIVE_INFINITY;
            default -> Double.parseDouble(value);
        };
    }

    /** Whether a series of this name was exported at all. */
    public boolean has(String name) {
        return series.keySet().stream().anyMatch(key -> nameOf(key).equals(name));
    }

    /**
     * A metric name ({@code fleetpulse_feed_replays_total}): the sum over all its label values; or one series
     * as exported, labels sorted ({@code fleetpulse_rate_limited_total{kind="telemetry"}}). 0 when none is
     * exported yet: a counter appears on its first increment.
     */
    public double value(String nameOrSeries) {
        if (nameOrSeries.indexOf('{') >= 0) {
            return series.getOrDefault(nameOrSeries, 0.0);
        }
        return series.entrySet().stream().filter(e -> nameOf(e.getKey()).equals(nameOrSeries))
                .mapToDouble(Map.Entry::getValue).sum();
    }

    /** How much the metric (or one series of it) grew since {@code before}. */
    public double delta(Metrics before, String name) {
        return value(name) - before.value(name);
    }

    private static String nameOf(String key) {
        int brace = key.indexOf('{');
        return brace < 0 ? key : key.substring(0, brace);
    }
}
