// ApiClient: the owner's REST API (/api/owners/{ownerId}/…) with the tab's bearer token. Errors come back as
// ApiError carrying the RFC 9457 problem, its per-field `errors`, and whether it is a stale-version conflict.

const PAGE_SIZE = 200;

export class ApiError extends Error {
  constructor(status, problem) {
    super(problem?.detail || problem?.title || `The server answered ${status}.`);
    this.status = status;
    this.problem = problem || null;
    /** {field, message} pairs, field names as the API reports them (e.g. "name", "vin"). */
    this.fieldErrors = Array.isArray(problem?.errors) ? problem.errors : [];
  }

  /** 412 (stale If-Match) or a 409 that names no field (stale version): someone else changed it first. */
  get isStale() {
    return this.status === 412 || (this.status === 409 && this.fieldErrors.length === 0);
  }
}

/** The network failed (server down, offline): no HTTP status at all. */
export class NetworkError extends Error {}

export class ApiClient {
  /**
   * @param auth OwnerAuthService
   * @param onUnauthorized called on any 401 (expired or revoked token)
   */
  constructor(auth, onUnauthorized) {
    this.auth = auth;
    this.onUnauthorized = onUnauthorized;
  }

  async request(method, path, { body, version, query } = {}) {
    const headers = { Accept: 'application/json', Authorization: `Bearer ${this.auth.token()}` };
    if (body !== undefined) {
      headers['Content-Type'] = 'application/json';
    }
    if (version !== undefined && version !== null) {
      headers['If-Match'] = `"${version}"`;
    }
    const search = query ? '?' + new URLSearchParams(query).toString() : '';
    const url = `/api/owners/${encodeURIComponent(this.auth.ownerId())}${path}${search}`;
    let response;
    try {
      response = await fetch(url, {
        method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
        cache: 'no-store',
      });
    } catch (error) {
      throw new NetworkError('FleetPulse cannot be reached. Check your connection and try again.');
    }
    if (response.status === 401) {
      this.onUnauthorized?.();
    }
    if (!response.ok) {
      throw new ApiError(response.status, await readProblem(response));
    }
    const seq = response.headers.get('X-Change-Seq');
    return {
      status: response.status,
      body: response.status === 204 ? null : await response.json(),
      seq: seq === null ? null : Number(seq),
      total: Number(response.headers.get('X-Total-Count') ?? NaN),
    };
  }

  /**
   * Every page of a list. The result's seq is the smallest X-Change-Seq of the pages: the whole list is at least
   * as new as it, so following the feed from there misses nothing (replayed older events are ignored by version).
   */
  async listAll(path, query = {}) {
    const items = [];
    let seq = null;
    for (let page = 0; ; page++) {
      const result = await this.request('GET', path, { query: { ...query, page, size: PAGE_SIZE } });
      items.push(...result.body);
      if (result.seq !== null) {
        seq = seq === null ? result.seq : Math.min(seq, result.seq);
      }
      const total = Number.isFinite(result.total) ? result.total : 0;
      if (result.body.length < PAGE_SIZE || items.length >= total) {
        return { items, seq };
      }
    }
  }

  listFleets() { return this.listAll('/fleets'); }
  listVehicles() { return this.listAll('/vehicles'); }
  getFleet(id) { return this.request('GET', `/fleets/${encodeURIComponent(id)}`); }
  createFleet(fleet) { return this.request('POST', '/fleets', { body: fleet }); }
  updateFleet(id, fleet, version) { return this.request('PUT', `/fleets/${encodeURIComponent(id)}`, { body: fleet, version }); }
  deleteFleet(id) { return this.request('DELETE', `/fleets/${encodeURIComponent(id)}`); }
  getVehicle(id) { return this.request('GET', `/vehicles/${encodeURIComponent(id)}`); }
  createVehicle(fleetId, vehicle) {
    return this.request('POST', `/fleets/${encodeURIComponent(fleetId)}/vehicles`, { body: vehicle });
  }
  updateVehicle(id, vehicle, version) {
    return this.request('PUT', `/vehicles/${encodeURIComponent(id)}`, { body: vehicle, version });
  }
  deleteVehicle(id) { return this.request('DELETE', `/vehicles/${encodeURIComponent(id)}`); }
}

async function readProblem(response) {
  try {
    const type = response.headers.get('Content-Type') || '';
    if (type.includes('json')) {
      return await response.json();
    }
  } catch {
    // not JSON after all: fall back to the status line
  }
  return { status: response.status, title: response.statusText };
}
