package io.fleetpulse.support;

import java.net.URI;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Concurrent mixed writes of many owners, spread round-robin over the replicas: fleets created, renamed and
 * deleted with their vehicles, vehicles created, updated, moved between fleets and deleted, with deletes
 * racing the writes that touch the same fleet. Every answer is recorded for the audit.
 */
public final class MixedWorkload {

    /**
     * An owner, its token, and the tokens of several of its users: writes spread over them, as a fleet's
     * staff would write, so that per-user rate limits shape nothing here.
     */
    public record Owner(String id, String token, List<String> users) {
        public static Owner fresh() {
            String id = Tokens.newOwnerId();
            return new Owner(id, Tokens.owner(id), java.util.stream.IntStream.range(0, 8)
                    .mapToObj(user -> Tokens.ownerUser(id, user)).toList());
        }

        String anyUser(int n) {
            return users.get(Math.floorMod(n, users.size()));
        }
    }

    /** One request and its answer; {@code id} is the object it created or addressed. */
    public record Op(String kind, String ownerId, String id, int status, long version, String detail) {
        public boolean ok() {
            return status >= 200 && status < 300;
        }
    }

    private final List<URI> replicas;
    private final AtomicInteger next = new AtomicInteger();
    private final List<Op> ops = new CopyOnWriteArrayList<>();

    public MixedWorkload(List<URI> replicas) {
        this.replicas = replicas;
    }

    public List<Op> ops() {
        return ops;
    }

    /** Runs one round for every owner at once; returns when every request has been answered or timed out. */
    public void round(List<Owner> owners, int round) {
        Map<String, List<String>> fleets = new HashMap<>();
        Map<String, List<List<String>>> vehicles = new HashMap<>();
        Map<String, Map<String, Object>> bodies = new java.util.concurrent.ConcurrentHashMap<>();

        // 1. Four fleets per owner, concurrently.
        List<CompletableFuture<Op>> step = new ArrayList<>();
        for (Owner owner : owners) {
            for (int i = 0; i < 4; i++) {
                step.add(send("fleet.create", owner, "POST", "/api/owners/" + owner.id() + "/fleets", null,
                        Api.fleetBody("r" + round + "-f" + i), Map.of()));
            }
        }
        for (Owner owner : owners) {
            fleets.put(owner.id(), new ArrayList<>());
        }
        for (Op op : join(step)) {
            if (op.ok()) {
                fleets.get(op.ownerId()).add(op.id());
            }
        }

        // 2. Three vehicles per fleet, and two renames racing them.
        step.clear();
        Map<CompletableFuture<Op>, Integer> fleetOf = new HashMap<>();
        for (Owner owner : owners) {
            List<String> own = fleets.get(owner.id());
            for (int f = 0; f < own.size(); f++) {
                for (int k = 0; k < 3; k++) {
                    Map<String, Object> body = Api.vehicleBody(Api.newVin());
                    CompletableFuture<Op> created = send("vehicle.create", owner, "POST",
                            "/api/owners/" + owner.id() + "/fleets/" + own.get(f) + "/vehicles", null, body, Map.of())
                            .thenApply(op -> {
                                if (op.ok()) {
                                    bodies.put(op.id(), body);
                                }
                                return op;
                            });
                    fleetOf.put(created, f);
                    step.add(created);
                }
            }
            for (int f = 1; f < own.size(); f += 2) {
                step.add(send("fleet.update", owner, "PUT", "/api/owners/" + owner.id() + "/fleets/" + own.get(f),
                        own.get(f), Api.fleetBody("r" + round + "-f" + f + "-renamed"), Map.of()));
            }
        }
        Map<String, Owner> byId = new HashMap<>();
        owners.forEach(o -> byId.put(o.id(), o));
        for (Owner owner : owners) {
            List<List<String>> perFleet = new ArrayList<>();
            fleets.get(owner.id()).forEach(f -> perFleet.add(new ArrayList<>()));
            vehicles.put(owner.id(), perFleet);
        }
        for (CompletableFuture<Op> future : step) {
            Op op = future.join();
            if (op.ok() && op.kind().equals("vehicle.create")) {
                vehicles.get(op.ownerId()).get(fleetOf.get(future)).add(op.id());
            }
        }

        // 3. Moves out of a fleet racing its delete, updates racing their fleet's delete, and more.
        step.clear();
        for (Owner owner : owners) {
            List<String> own = fleets.get(owner.id());
            List<List<String>> cars = vehicles.get(owner.id());
            if (own.size() < 4) {
                continue; // a failed create is already recorded; the audit reports it
            }
            String base = "/api/owners/" + owner.id();
            for (String vehicle : first(cars.get(0), 2)) {
                Map<String, Object> moved = new HashMap<>(bodies.get(vehicle));
                moved.put("fleetId", own.get(1));
                step.add(send("vehicle.update", owner, "PUT", base + "/vehicles/" + vehicle, vehicle, moved, Map.of()));
            }
            for (String vehicle : first(cars.get(2), 2)) {
                Map<String, Object> status = new HashMap<>(bodies.get(vehicle));
                status.put("status", "MAINTENANCE");
                step.add(send("vehicle.update", owner, "PUT", base + "/vehicles/" + vehicle, vehicle, status, Map.of()));
            }
            for (String vehicle : first(cars.get(3), 1)) {
                step.add(send("vehicle.delete", owner, "DELETE", base + "/vehicles/" + vehicle, vehicle, null, Map.of()));
            }
            step.add(send("fleet.delete", owner, "DELETE", base + "/fleets/" + own.get(0), own.get(0), null, Map.of()));
            step.add(send("fleet.delete", owner, "DELETE", base + "/fleets/" + own.get(2), own.get(2), null, Map.of()));
            step.add(send("fleet.update", owner, "PUT", base + "/fleets/" + own.get(3), own.get(3),
                    Api.fleetBody("r" + round + "-f3-again"), Map.of()));
        }
        join(step);
    }

    /** Sends one request to the next replica and records its answer. */
    public CompletableFuture<Op> send(String kind, Owner owner, String method, String path, String id, Object body,
            Map<String, String> headers) {
        int n = next.getAndIncrement();
        URI base = replicas.get(Math.floorMod(n, replicas.size()));
        return Http.send(method, base.resolve(path), owner.anyUser(n / replicas.size()), body, headers).thenApply(reply -> {
            String target = id;
            long version = -1;
            if (reply.body() != null && reply.body().has("id")) {
                target = target == null ? reply.body().get("id").asText() : target;
                version = reply.body().path("version").asLong(-1);
            }
            String detail = reply.failure() != null ? String.valueOf(reply.failure())
                    : reply.status() >= 300 && reply.body() != null ? reply.body().toString() : "";
            Op op = new Op(kind, owner.id(), target, reply.status(), version, method + " " + base + path + " " + detail);
            ops.add(op);
            return op;
        });
    }

    private static List<String> first(List<String> ids, int n) {
        return ids.subList(0, Math.min(n, ids.size()));
    }

    private static List<Op> join(List<CompletableFuture<Op>> futures) {
        return futures.stream().map(CompletableFuture::join).toList();
    }
}
