package io.fleetpulse.devdb;

import io.fleetpulse.telemetry.TelemetryBatch;
import io.fleetpulse.telemetry.TelemetryReading;
import io.fleetpulse.telemetry.TelemetryService;
import io.quarkus.arc.profile.IfBuildProfile;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * Dev mode only: the demo owner's vehicles report telemetry every few seconds (active ones drive circles around
 * Berlin), so that the dashboard at / is live right after {@code ./mvnw quarkus:dev}. Readings go through
 * TelemetryService like any device's. {@code dev-demo.telemetry-every=off} stops it.
 */
@ApplicationScoped
@IfBuildProfile("dev")
public class DevTelemetrySimulator {

    private static final Logger LOG = Logger.getLogger(DevTelemetrySimulator.class);
    private static final double CENTER_LAT = 52.515;
    private static final double CENTER_LON = 13.39;
    /** Radians per second on a vehicle's circle: about 40 km/h on a 1 km radius. */
    private static final double OMEGA = 0.011;

    private final Pool pool;
    private final TelemetryService telemetry;
    private final long startedAt = System.currentTimeMillis();

    DevTelemetrySimulator(Pool pool, TelemetryService telemetry) {
        this.pool = pool;
        this.telemetry = telemetry;
    }

    @Scheduled(every = "${dev-demo.telemetry-every}", delayed = "3s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> report() {
        // The demo data's own tables (db/dev-data): which vehicles the demo owner has right now.
        return pool.preparedQuery("SELECT id, status, make FROM vehicles WHERE owner_id = $1 AND status <> 'RETIRED' ORDER BY vin")
                .execute(Tuple.of(DevTokenPrinter.DEMO_OWNER))
                .chain(rows -> {
                    List<TelemetryReading> readings = new ArrayList<>();
                    int index = 0;
                    for (Row row : rows) {
                        readings.add(reading(index++, row.getUUID("id"), row.getString("status"), row.getString("make")));
                    }
                    return readings.isEmpty() ? Uni.createFrom().voidItem()
                            : telemetry.ingestBatch(DevTokenPrinter.DEMO_OWNER, new TelemetryBatch(readings)).replaceWithVoid();
                })
                .onFailure().invoke(e -> LOG.debugf("Dev telemetry simulator: %s", e.getMessage()))
                .onFailure().recoverWithNull().replaceWithVoid();
    }

    /** Vehicle i drives a circle of its own; idle and maintenance vehicles stand still with the engine off. */
    private TelemetryReading reading(int i, UUID vehicleId, String status, String make) {
        double seconds = (System.currentTimeMillis() - startedAt) / 1000.0;
        boolean moving = "ACTIVE".equals(status);
        double radius = 0.008 + 0.004 * (i % 3);
        double theta = (moving ? seconds * OMEGA * (1 + 0.15 * (i % 4)) : 0) + i * 1.9;
        double centerLat = CENTER_LAT + 0.035 * Math.sin(i * 2.4);
        double centerLon = CENTER_LON + 0.06 * Math.cos(i * 2.4);
        double lat = centerLat + radius * Math.sin(theta);
        double lon = centerLon + radius * Math.cos(theta) / Math.cos(Math.toRadians(centerLat));
        double heading = (Math.toDegrees(Math.atan2(-Math.sin(theta), Math.cos(theta))) + 360) % 360;
        double speed = moving ? OMEGA * (1 + 0.15 * (i % 4)) * radius * 111.2 * 3600 : 0;
        double level = 25 + 60 * (0.5 + 0.5 * Math.cos(seconds / 900 + i));
        boolean electric = make != null && make.equalsIgnoreCase("Tesla");
        return new TelemetryReading(vehicleId, Instant.now(), round(lat, 6), round(lon, 6), round(speed, 1),
                moving ? round(heading, 1) : null, electric ? null : round(level, 1), electric ? round(level, 1) : null,
                null, moving);
    }

    private static double round(double value, int digits) {
        double scale = Math.pow(10, digits);
        return Math.round(value * scale) / scale;
    }
}
