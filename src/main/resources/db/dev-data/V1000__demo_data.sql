-- Demo data for `./mvnw quarkus:dev` only (this location is added by the %dev profile).
INSERT INTO owners (id) VALUES ('demo-owner');

INSERT INTO fleets (id, owner_id, name, description, created_at, updated_at) VALUES
 ('0b6f5a36-3a8c-4c52-9a0e-2f5c7c1d0001', 'demo-owner', 'City Deliveries', 'Vans serving the city centre', now(), now()),
 ('0b6f5a36-3a8c-4c52-9a0e-2f5c7c1d0002', 'demo-owner', 'Long Haul', 'Trucks on regional routes', now(), now()),
 ('0b6f5a36-3a8c-4c52-9a0e-2f5c7c1d0003', 'demo-owner', 'Service Cars', NULL, now(), now());

INSERT INTO vehicles (id, owner_id, fleet_id, vin, plate, make, model, model_year, status, created_at, updated_at) VALUES
 (gen_random_uuid(), 'demo-owner', '0b6f5a36-3a8c-4c52-9a0e-2f5c7c1d0001', '1FTBR1Y8XPKA00001', 'CD-101', 'Ford', 'Transit', 2023, 'ACTIVE', now(), now()),
 (gen_random_uuid(), 'demo-owner', '0b6f5a36-3a8c-4c52-9a0e-2f5c7c1d0001', 'WDB9066331S000002', 'CD-102', 'Mercedes-Benz', 'Sprinter', 2022, 'IDLE', now(), now()),
 (gen_random_uuid(), 'demo-owner', '0b6f5a36-3a8c-4c52-9a0e-2f5c7c1d0002', 'YV2RT40A1LA000003', 'LH-201', 'Volvo', 'FH16', 2021, 'ACTIVE', now(), now()),
 (gen_random_uuid(), 'demo-owner', '0b6f5a36-3a8c-4c52-9a0e-2f5c7c1d0002', 'XLRTE47MS0E000004', 'LH-202', 'DAF', 'XF', 2020, 'MAINTENANCE', now(), now()),
 (gen_random_uuid(), 'demo-owner', '0b6f5a36-3a8c-4c52-9a0e-2f5c7c1d0003', '5YJ3E1EA7MF000005', 'SC-301', 'Tesla', 'Model 3', 2024, 'ACTIVE', now(), now());
