package io.fleetpulse.telemetry;

import io.fleetpulse.config.FleetPulseConfig;
import io.fleetpulse.error.Problem;
import io.fleetpulse.error.ProblemException;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validator;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Telemetry rules: per-reading validation, ingest through the reactive pool (no change-log lock), history
 * and the dashboard. Callers have already been authorized for {@code ownerId} (and devices for the vehicles).
 */
@ApplicationScoped
public class TelemetryService {

    /** Bounds of history query instants: years 1 to 9999. */
    static final Instant EARLIEST_QUERY = Instant.parse("0001-01-01T00:00:00Z");
    static final Instant LATEST_QUERY = Instant.parse("9999-12-31T23:59:59Z");

    private final TelemetryStore store;
    private final TelemetryWriteQueue queue;
    private final Validator validator;
    private final FleetPulseConfig.Telemetry config;

    TelemetryService(TelemetryStore store, TelemetryWriteQueue queue, Validator validator,
            FleetPulseConfig config) {
        this.store = store;
        this.queue = queue;
        this.validator = validator;
        this.config = config.telemetry();
    }

    /** One reading of the vehicle in the path: 400 when invalid, 404 when the vehicle is not the owner's. */
    public Uni<IngestResult> ingestOne(String ownerId, UUID vehicleId, TelemetryReading reading) {
        if (reading == null) {
            throw ProblemException.badRequest("body", "must not be null");
        }
        List<Problem.FieldError> errors = validate(reading, "", Instant.now());
        if (reading.vehicleId() != null && !reading.vehicleId().equals(vehicleId)) {
            errors.add(new Problem.FieldError("vehicleId", "must be omitted or equal the vehicle in the path"));
        }
        if (!errors.isEmpty()) {
            throw ProblemException.invalid(errors);
        }
        // Ownership is checked by the write itself (one statement): a reading of no vehicle of the owner is not kept.
        return queue.write(ownerId, List.of(withVehicle(reading, vehicleId))).map(outcome -> {
            if (outcome.kept().isEmpty()) {
                throw ProblemException.notFound("Vehicle", vehicleId);
            }
            return new IngestResult(1, 1, outcome.latestUpdated(), List.of());
        });
    }

    /**
     * A batch: every entry is validated on its own; invalid entries and entries naming no vehicle of the
     * owner are reported, the rest stored. 400 only when the batch itself is missing, empty or too big.
     */
    public Uni<IngestResult> ingestBatch(String ownerId, TelemetryBatch batch) {
        List<TelemetryReading> readings = batch == null ? null : batch.readings();
        if (readings == null || readings.isEmpty()) {
            throw ProblemException.badRequest("readings", "must contain at least 1 reading");
        }
        if (readings.size() > config.maxBatchSize()) {
            throw ProblemException.badRequest("readings", "must contain at most " + config.maxBatchSize() + " readings");
        }
        Instant now = Instant.now();
        Map<Integer, IngestResult.Rejected> rejected = new LinkedHashMap<>();
        for (int i = 0; i < readings.size(); i++) {
            TelemetryReading reading = readings.get(i);
            String prefix = "readings[" + i + "].";
            List<Problem.FieldError> errors;
            if (reading == null) {
                errors = new ArrayList<>(List.of(new Problem.FieldError("readings[" + i + "]", "must not be null")));
            } else {
                errors = validate(reading, prefix, now);
                if (reading.vehicleId() == null) {
                    errors.add(new Problem.FieldError(prefix + "vehicleId", "must not be null"));
                }
            }
            if (!errors.isEmpty()) {
                errors.sort(Comparator.comparing(Problem.FieldError::field));
                rejected.put(i, new IngestResult.Rejected(i, reading == null ? null : reading.vehicleId(), errors));
            }
        }
        List<TelemetryReading> valid = new ArrayList<>(readings.size());
        List<Integer> indexOf = new ArrayList<>(readings.size());
        for (int i = 0; i < readings.size(); i++) {
            if (!rejected.containsKey(i)) {
                valid.add(readings.get(i));
                indexOf.add(i);
            }
        }
        if (valid.isEmpty()) {
            return Uni.createFrom().item(new IngestResult(readings.size(), 0, 0, sorted(rejected)));
        }
        // One statement stores what names a vehicle of the owner and tells which those were.
        return queue.write(ownerId, valid).map(outcome -> {
            for (int j = 0; j < valid.size(); j++) {
                if (!outcome.kept().get(j)) {
                    int i = indexOf.get(j);
                    rejected.put(i, new IngestResult.Rejected(i, valid.get(j).vehicleId(), List.of(new Problem.FieldError(
                            "readings[" + i + "].vehicleId", "does not name a vehicle of this owner"))));
                }
            }
            return new IngestResult(readings.size(), outcome.kept().cardinality(), outcome.latestUpdated(),
                    sorted(rejected));
        });
    }

    private static List<IngestResult.Rejected> sorted(Map<Integer, IngestResult.Rejected> rejected) {
        return rejected.values().stream().sorted(Comparator.comparingInt(IngestResult.Rejected::index)).toList();
    }

    /** The distinct vehicle ids a batch names (for the device check before anything is stored). */
    public static Set<String> vehicleIdsOf(TelemetryBatch batch) {
        Set<String> ids = new HashSet<>();
        if (batch != null && batch.readings() != null) {
            batch.readings().forEach(r -> {
                if (r != null && r.vehicleId() != null) {
                    ids.add(r.vehicleId().toString());
                }
            });
        }
        return ids;
    }

    /** History of one vehicle, newest first, bounded by the configured limits. */
    public Uni<List<TelemetrySnapshot>> history(String ownerId, UUID vehicleId, String from, String to, Integer limit) {
        List<Problem.FieldError> errors = new ArrayList<>();
        Instant since = parseInstant("from", from, errors);
        Instant until = parseInstant("to", to, errors);
        int max = config.maxHistoryLimit();
        int n = limit == null ? config.defaultHistoryLimit() : limit;
        if (n < 1 || n > max) {
            errors.add(new Problem.FieldError("limit", "must be between 1 and " + max));
        }
        if (since != null && until != null && !since.isBefore(until)) {
            errors.add(new Problem.FieldError("from", "must be before to"));
        }
        if (!errors.isEmpty()) {
            throw ProblemException.invalid(errors);
        }
        return store.ownsVehicle(ownerId, vehicleId).chain(owned -> owned
                ? store.history(ownerId, vehicleId, since, until, n)
                : Uni.createFrom().failure(ProblemException.notFound("Vehicle", vehicleId)));
    }

    private List<Problem.FieldError> validate(TelemetryReading reading, String prefix, Instant now) {
        List<Problem.FieldError> errors = new ArrayList<>();
        for (ConstraintViolation<TelemetryReading> violation : validator.validate(reading)) {
            errors.add(new Problem.FieldError(prefix + violation.getPropertyPath(), violation.getMessage()));
        }
        if (reading.recordedAt() != null && reading.recordedAt().isAfter(now.plus(config.maxFutureSkew()))) {
            errors.add(new Problem.FieldError(prefix + "recordedAt",
                    "must not be more than " + config.maxFutureSkew().toSeconds() + " seconds in the future"));
        }
        // A clock far in the past is a broken device, not a buffered upload (and PostgreSQL stores no year -10^9).
        if (reading.recordedAt() != null && reading.recordedAt().isBefore(now.minus(config.maxPastAge()))) {
            errors.add(new Problem.FieldError(prefix + "recordedAt",
                    "must not be more than " + config.maxPastAge().toDays() + " days in the past"));
        }
        return errors;
    }

    private static TelemetryReading withVehicle(TelemetryReading r, UUID vehicleId) {
        return new TelemetryReading(vehicleId, r.recordedAt(), r.lat(), r.lon(), r.speedKph(), r.headingDeg(),
                r.fuelPct(), r.batteryPct(), r.odometerKm(), r.engineOn());
    }

    private static Instant parseInstant(String field, String value, List<Problem.FieldError> errors) {
        if (value == null || value.isBlank()) {
            return null;
        }
        Instant instant;
        try {
            instant = Instant.parse(value.trim());
        } catch (java.time.format.DateTimeParseException e) {
            errors.add(new Problem.FieldError(field, "must be an ISO-8601 instant, e.g. 2025-01-31T12:00:00Z"));
            return null;
        }
        // Instant reaches year ±10^9; PostgreSQL timestamps (and any real history) do not.
        if (instant.isBefore(EARLIEST_QUERY) || instant.isAfter(LATEST_QUERY)) {
            errors.add(new Problem.FieldError(field, "must be between " + EARLIEST_QUERY + " and " + LATEST_QUERY));
            return null;
        }
        return instant;
    }
}
