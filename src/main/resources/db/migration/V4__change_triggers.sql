-- The outbox moves into the database: AFTER triggers on fleets and vehicles take the owner's next seq
-- (under the owners row lock, held to commit), write the event and NOTIFY, in the very transaction of the
-- change. Atomic by construction, whoever writes the rows: the API, psql or another service.
-- An outside writer sets only business columns (see README "Writing to the tables directly"); ids,
-- versions and timestamps have defaults or are kept by the BEFORE triggers.

ALTER TABLE fleets
    ALTER COLUMN id SET DEFAULT gen_random_uuid(),
    ALTER COLUMN created_at SET DEFAULT now(),
    ALTER COLUMN updated_at SET DEFAULT now();
ALTER TABLE vehicles
    ALTER COLUMN id SET DEFAULT gen_random_uuid(),
    ALTER COLUMN status SET DEFAULT 'ACTIVE',
    ALTER COLUMN created_at SET DEFAULT now(),
    ALTER COLUMN updated_at SET DEFAULT now();

-- A vehicle's fleet belongs to the vehicle's owner, whoever writes the row.
ALTER TABLE fleets ADD CONSTRAINT fleets_id_owner_uq UNIQUE (id, owner_id);
ALTER TABLE vehicles DROP CONSTRAINT vehicles_fleet_id_fkey;
ALTER TABLE vehicles ADD CONSTRAINT vehicles_fleet_owner_fk FOREIGN KEY (fleet_id, owner_id)
    REFERENCES fleets (id, owner_id) ON DELETE CASCADE;

-- java.time.Instant as Jackson writes it (ISO-8601, UTC, 0/3/6 fraction digits): events carry the same
-- text as REST bodies.
CREATE FUNCTION fp_instant(ts timestamptz) RETURNS text LANGUAGE sql STABLE AS $$
    SELECT to_char(ts AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS')
        || CASE WHEN us = 0 THEN ''
                WHEN us % 1000 = 0 THEN '.' || lpad((us / 1000)::text, 3, '0')
                ELSE '.' || lpad(us::text, 6, '0') END
        || 'Z'
    FROM (SELECT (extract(microseconds FROM ts)::bigint % 1000000) AS us) AS f
$$;

-- The REST representation of a fleet (FleetSummary), vehicleCount counted now.
CREATE FUNCTION fp_fleet_json(f fleets) RETURNS jsonb LANGUAGE sql STABLE AS $$
    SELECT jsonb_build_object('id', f.id, 'ownerId', f.owner_id, 'name', f.name, 'description', f.description,
        'vehicleCount', (SELECT count(*) FROM vehicles v WHERE v.fleet_id = f.id), 'version', f.version,
        'createdAt', fp_instant(f.created_at), 'updatedAt', fp_instant(f.updated_at))
$$;

-- The REST representation of a vehicle (VehicleSummary; telemetry travels as TelemetryUpdated).
CREATE FUNCTION fp_vehicle_json(v vehicles) RETURNS jsonb LANGUAGE sql STABLE AS $$
    SELECT jsonb_build_object('id', v.id, 'ownerId', v.owner_id, 'fleetId', v.fleet_id, 'vin', v.vin,
        'plate', v.plate, 'make', v.make, 'model', v.model, 'year', v.model_year, 'status', v.status,
        'version', v.version, 'createdAt', fp_instant(v.created_at), 'updatedAt', fp_instant(v.updated_at),
        'latest', NULL)
$$;

-- Takes the owner's seq lock. Called before any event data is computed, so that the data (a fleet's
-- vehicleCount, say) is read after every earlier seq of the owner has committed. NO KEY UPDATE, like the
-- UPDATE of last_seq, so that foreign-key checks of concurrent inserts (KEY SHARE) do not wait on it.
CREATE FUNCTION fp_lock_owner(owner text) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    PERFORM 1 FROM owners WHERE id = owner FOR NO KEY UPDATE;
END $$;

-- Appends one event with the owner's next seq and tells every replica (NOTIFY is sent only on commit).
-- Payload "db|<owner>|<seq>": a hint only; the replicas read the events from change_events.
CREATE FUNCTION fp_append(owner text, event_type text, event_data jsonb) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
    next_seq bigint;
BEGIN
    UPDATE owners SET last_seq = last_seq + 1 WHERE id = owner RETURNING last_seq INTO next_seq;
    INSERT INTO change_events (owner_id, seq, type, occurred_at, data)
        VALUES (owner, next_seq, event_type, clock_timestamp(), event_data);
    PERFORM pg_notify('fleetpulse_changes', 'db|' || owner || '|' || next_seq);
END $$;

-- BEFORE: owners exist implicitly; version and updated_at move only when a business column changes.
-- A fleet being deleted first deletes its vehicles itself, so that their VehicleDeleted events precede its
-- FleetDeleted (the foreign key's cascade would fire their triggers only after the fleet's), without a
-- FleetUpdated for the fleet that is going (fleetpulse.fleet_going). The cascade then finds nothing left.
CREATE FUNCTION fp_fleets_before() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        PERFORM set_config('fleetpulse.fleet_going', OLD.id::text, true);
        DELETE FROM vehicles WHERE fleet_id = OLD.id;
        PERFORM set_config('fleetpulse.fleet_going', '', true);
        RETURN OLD;
    END IF;
    IF TG_OP = 'INSERT' THEN
        INSERT INTO owners (id) VALUES (NEW.owner_id) ON CONFLICT (id) DO NOTHING;
        NEW.version := 0;
        RETURN NEW;
    END IF;
    IF NEW.id IS DISTINCT FROM OLD.id OR NEW.owner_id IS DISTINCT FROM OLD.owner_id THEN
        RAISE EXCEPTION 'a fleet keeps its id and owner' USING ERRCODE = 'check_violation',
            CONSTRAINT = 'fleets_identity_fixed';
    END IF;
    NEW.created_at := OLD.created_at;
    IF (NEW.name, NEW.description) IS NOT DISTINCT FROM (OLD.name, OLD.description) THEN
        NEW.version := OLD.version;
        NEW.updated_at := OLD.updated_at;
    ELSE
        NEW.version := OLD.version + 1;
        NEW.updated_at := now();
    END IF;
    RETURN NEW;
END $$;

CREATE FUNCTION fp_vehicles_before() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        NEW.version := 0;
        RETURN NEW;
    END IF;
    IF NEW.id IS DISTINCT FROM OLD.id OR NEW.owner_id IS DISTINCT FROM OLD.owner_id THEN
        RAISE EXCEPTION 'a vehicle keeps its id and owner' USING ERRCODE = 'check_violation',
            CONSTRAINT = 'vehicles_identity_fixed';
    END IF;
    NEW.created_at := OLD.created_at;
    IF (NEW.fleet_id, NEW.vin, NEW.plate, NEW.make, NEW.model, NEW.model_year, NEW.status)
            IS NOT DISTINCT FROM (OLD.fleet_id, OLD.vin, OLD.plate, OLD.make, OLD.model, OLD.model_year, OLD.status) THEN
        NEW.version := OLD.version;
        NEW.updated_at := OLD.updated_at;
    ELSE
        NEW.version := OLD.version + 1;
        NEW.updated_at := now();
    END IF;
    RETURN NEW;
END $$;

-- AFTER: the events.
CREATE FUNCTION fp_fleets_after() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        PERFORM fp_lock_owner(OLD.owner_id);
        PERFORM fp_append(OLD.owner_id, 'FleetDeleted', jsonb_build_object('id', OLD.id));
    ELSE
        PERFORM fp_lock_owner(NEW.owner_id);
        PERFORM fp_append(NEW.owner_id, CASE TG_OP WHEN 'INSERT' THEN 'FleetCreated' ELSE 'FleetUpdated' END,
            fp_fleet_json(NEW));
    END IF;
    RETURN NULL;
END $$;

-- FleetUpdated with the fleet's vehicleCount as of now, unless the fleet is gone or going.
CREATE FUNCTION fp_fleet_touched(owner text, fleet uuid) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
    data jsonb;
BEGIN
    IF fleet::text = current_setting('fleetpulse.fleet_going', true) THEN
        RETURN;
    END IF;
    SELECT fp_fleet_json(f) INTO data FROM fleets f WHERE f.id = fleet;
    IF data IS NOT NULL THEN
        PERFORM fp_append(owner, 'FleetUpdated', data);
    END IF;
END $$;

CREATE FUNCTION fp_vehicles_after() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        PERFORM fp_lock_owner(OLD.owner_id);
        PERFORM fp_append(OLD.owner_id, 'VehicleDeleted', jsonb_build_object('id', OLD.id, 'fleetId', OLD.fleet_id));
        PERFORM fp_fleet_touched(OLD.owner_id, OLD.fleet_id);
    ELSIF TG_OP = 'INSERT' THEN
        PERFORM fp_lock_owner(NEW.owner_id);
        PERFORM fp_append(NEW.owner_id, 'VehicleCreated', fp_vehicle_json(NEW));
        PERFORM fp_fleet_touched(NEW.owner_id, NEW.fleet_id);
    ELSE
        PERFORM fp_lock_owner(NEW.owner_id);
        PERFORM fp_append(NEW.owner_id, 'VehicleUpdated', fp_vehicle_json(NEW));
        IF NEW.fleet_id <> OLD.fleet_id THEN
            PERFORM fp_fleet_touched(NEW.owner_id, OLD.fleet_id);
            PERFORM fp_fleet_touched(NEW.owner_id, NEW.fleet_id);
        END IF;
    END IF;
    RETURN NULL;
END $$;

CREATE TRIGGER fp_fleets_before BEFORE INSERT OR UPDATE OR DELETE ON fleets
    FOR EACH ROW EXECUTE FUNCTION fp_fleets_before();
CREATE TRIGGER fp_fleets_changes AFTER INSERT OR DELETE ON fleets
    FOR EACH ROW EXECUTE FUNCTION fp_fleets_after();
CREATE TRIGGER fp_fleets_updates AFTER UPDATE ON fleets
    FOR EACH ROW WHEN (OLD.version IS DISTINCT FROM NEW.version) EXECUTE FUNCTION fp_fleets_after();
CREATE TRIGGER fp_vehicles_before BEFORE INSERT OR UPDATE ON vehicles
    FOR EACH ROW EXECUTE FUNCTION fp_vehicles_before();
CREATE TRIGGER fp_vehicles_changes AFTER INSERT OR DELETE ON vehicles
    FOR EACH ROW EXECUTE FUNCTION fp_vehicles_after();
CREATE TRIGGER fp_vehicles_updates AFTER UPDATE ON vehicles
    FOR EACH ROW WHEN (OLD.version IS DISTINCT FROM NEW.version) EXECUTE FUNCTION fp_vehicles_after();
