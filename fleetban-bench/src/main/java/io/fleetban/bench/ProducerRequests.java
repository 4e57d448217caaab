package io.fleetban.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The shipper's producer request count, from its {@code /metrics} (Prometheus text, Kafka client metrics via
 * Micrometer): records sent per produce request tell whether a backlog left in a few large requests or in one
 * request per offense, which is what the broker's CPU pays for.
 */
final class ProducerRequests {

    static final String REQUESTS = "kafka_producer_request_total";
    static final String RECORDS = "kafka_producer_record_send_total";
    private static final Pattern METRICS_URL = Pattern.compile("Shipper metrics on (http://\\S+/metrics)");
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    /** Produce requests and records sent so far. */
    record Sample(double requests, double records) {
        /** Records per request between {@code earlier} and this sample. */
        double recordsPerRequestSince(Sample earlier) {
            double requestCount = requests - earlier.requests;
            return requestCount > 0 ? (records - earlier.records) / requestCount : 0;
        }
    }

    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
    private final URI metrics;

    private ProducerRequests(URI metrics) {
        this.metrics = metrics;
    }

    /** Finds where the shipper serves {@code /metrics} in its log (it logs the bound address at start). */
    static ProducerRequests fromLog(String shipperLog) {
        Matcher matcher = METRICS_URL.matcher(shipperLog);
        if (!matcher.find()) {
            throw new IllegalStateException("the shipper did not log its metrics address");
        }
        return new ProducerRequests(URI.create(matcher.group(1)));
    }

    Sample sample() throws IOException, InterruptedException {
        String text = http.send(
                        HttpRequest.newBuilder(metrics).timeout(TIMEOUT).build(), HttpResponse.BodyHandlers.ofString())
                .body();
        return new Sample(sum(text, REQUESTS), sum(text, RECORDS));
    }

    /** Sum of every series of {@code name} (one per client; the shipper has one producer). */
    static double sum(String prometheusText, String name) {
        double total = 0;
        for (String line : prometheusText.split("\n")) {
            if (line.startsWith(name + "{") || line.startsWith(name + " ")) {
                total += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return total;
    }
}
