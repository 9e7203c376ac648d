package io.fleetpulse.dashboard;

import io.fleetpulse.api.Paging;
import io.fleetpulse.changes.ChangeLogReader;
import io.fleetpulse.config.FleetPulseConfig;
import io.fleetpulse.error.ProblemException;
import io.fleetpulse.telemetry.LatestTelemetryRepository;
import io.fleetpulse.vehicle.VehicleStatus;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;

/** The dashboard read model: counts per status, vehicles reporting, latest snapshots, and the seq it reflects. */
@ApplicationScoped
public class DashboardService {

    private final LatestTelemetryRepository latest;
    private final ChangeLogReader changes;
    private final FleetPulseConfig.Telemetry config;

    DashboardService(LatestTelemetryRepository latest, ChangeLogReader changes, FleetPulseConfig config) {
        this.latest = latest;
        this.changes = changes;
        this.config = config.telemetry();
    }

    /** The "reporting" window in minutes: the configured one, or the requested one within its bound. */
    public int reportingWindow(Integer requested) {
        if (requested == null) {
            return config.reportingWindowMinutes();
        }
        if (requested < 1 || requested > config.maxReportingWindowMinutes()) {
            throw ProblemException.badRequest("reportingWithinMinutes",
                    "must be between 1 and " + config.maxReportingWindowMinutes());
        }
        return requested;
    }

    public Uni<Dashboard> dashboard(String ownerId, Paging paging, int windowMinutes) {
        Instant reportingSince = Instant.now().minus(windowMinutes, ChronoUnit.MINUTES);
        // The seq first, as for the lists: everything read after it is at least as new, so a dashboard that
        // follows the feed from this seq misses no change. One session runs one query at a time: chain.
        return changes.currentSeq(ownerId).chain(seq -> Panache.withSession(() -> counts(ownerId, reportingSince)
                .chain(counts -> latest.pageOf(ownerId, paging.page(), paging.size())
                        .map(page -> {
                            Map<String, Long> byStatus = new LinkedHashMap<>();
                            VehicleStatus[] statuses = VehicleStatus.values();
                            long vehicles = 0;
                            for (int i = 0; i < statuses.length; i++) {
                                byStatus.put(statuses[i].name(), counts[2 + i]);
                                vehicles += counts[2 + i];
                            }
                            return new Dashboard(ownerId, seq, counts[0], vehicles, byStatus, windowMinutes,
                                    counts[1], paging.page(), paging.size(), counts[2 + statuses.length], page);
                        }))));
    }

    /** fleets, reporting, one count per status (enum order), vehicles with a snapshot: one query. */
    private Uni<long[]> counts(String ownerId, Instant reportingSince) {
        StringBuilder sql = new StringBuilder("SELECT (SELECT count(*) FROM fleets f WHERE f.owner_id = :o), "
                + "count(t.vehicle_id) FILTER (WHERE t.recorded_at >= :since)");
        for (VehicleStatus status : VehicleStatus.values()) {
            sql.append(", count(*) FILTER (WHERE v.status = '").append(status.name()).append("')");
        }
        sql.append(", count(t.vehicle_id) FROM vehicles v LEFT JOIN telemetry_latest t ON t.vehicle_id = v.id "
                + "WHERE v.owner_id = :o");
        return Panache.getSession().chain(session -> session.createNativeQuery(sql.toString(), Object[].class)
                .setParameter("o", ownerId)
                .setParameter("since", reportingSince)
                .getSingleResult())
                .map(row -> {
                    long[] counts = new long[row.length];
                    for (int i = 0; i < row.length; i++) {
                        counts[i] = ((Number) row[i]).longValue();
                    }
                    return counts;
                });
    }
}
