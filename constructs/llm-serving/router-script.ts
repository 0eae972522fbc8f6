/**
 * The router's njs module (nginx JavaScript, `js_import`): readiness from Ray Serve's
 * application status, the region health verdict, and the spill credential check. Kept
 * to the njs subset of 0.7 (Debian 12's libnginx-mod-http-js, which the drill runs)
 * and later (the nginx image's module): no classes, no optional chaining.
 *
 * Ray facts it relies on (ray-project/ray `python/ray/serve/schema.py` `ServeInstanceDetails`
 * and `python/ray/serve/_private/common.py`, vendored in reference/ray/ and checked by
 * test/constructs/llm-serving/ray-serve-schema.test.ts): `GET /api/serve/applications/`
 * on the dashboard (port 8265) answers `{"applications": {<name>: {"status", "deployments":
 * {<name>: {"status", "replicas": [{"state"}]}}}}}`; application status is one of
 * NOT_STARTED, DEPLOYING, DEPLOY_FAILED, RUNNING, UNHEALTHY, DELETING; replica state one
 * of STARTING, UPDATING, RECOVERING, RUNNING, STOPPING, PENDING_MIGRATION.
 */

/** Header a router puts on a spilled request; its value is the shared spill token. */
export const SPILL_TOKEN_HEADER = "X-Llm-Spill-Token";
/** Environment variable (from the spill Secret) holding the token in the router pod. */
export const SPILL_TOKEN_ENV = "LLM_SPILL_TOKEN";
/** The shortest token the router accepts: a shorter one makes every peer request `forged`. */
export const MIN_SPILL_TOKEN_LENGTH = 32;

/** The module source, stored in the router's ConfigMap as `router.js`. */
export const ROUTER_SCRIPT = `// Rendered by gpu-llm-platform (constructs/llm-serving/router-script.ts); do not edit.

// A model is ready when Ray Serve runs its application, or when the application is
// DEPLOYING/UNHEALTHY but every deployment still has a RUNNING replica (one replica of
// three lost: keep serving locally at reduced capacity; 429/503 overflow spills).
function judge(status, body, model) {
  if (status !== 200) return { ready: false, reason: 'dashboard answered HTTP ' + status };
  var doc;
  try { doc = JSON.parse(body); } catch (e) { return { ready: false, reason: 'dashboard answer is not JSON' }; }
  var app = doc && doc.applications ? doc.applications[model] : undefined;
  if (!app) return { ready: false, reason: 'no Serve application ' + model };
  if (app.status === 'RUNNING') return { ready: true, reason: 'RUNNING' };
  if (app.status !== 'DEPLOYING' && app.status !== 'UNHEALTHY') return { ready: false, reason: app.status };
  var names = Object.keys(app.deployments || {});
  if (names.length === 0) return { ready: false, reason: app.status + ', no deployments' };
  for (var i = 0; i < names.length; i++) {
    var replicas = app.deployments[names[i]].replicas || [];
    var running = replicas.filter(function (x) { return x.state === 'RUNNING'; }).length;
    if (running === 0) return { ready: false, reason: app.status + ', ' + names[i] + ' has no RUNNING replica' };
  }
  return { ready: true, reason: app.status + ', every deployment has a RUNNING replica' };
}

// Internal readiness of $llm_model: 204 ready, 403 not (auth_request's deny code).
function ready(r) {
  var model = r.variables.llm_model;
  r.subrequest('/status/' + model, { method: 'GET' }, function (res) {
    var v = judge(res.status, res.responseText, model);
    r.headersOut['X-Llm-Readiness'] = v.reason;
    r.return(v.ready ? 204 : 403);
  });
}

function readiness(r, model) {
  return r.subrequest('/_ready/' + model, { method: 'GET' }).then(function (res) {
    return { model: model, ready: res.status === 204, reason: res.headersOut['X-Llm-Readiness'] || ('HTTP ' + res.status) };
  });
}

// Public readiness of one model ($llm_model): 200 or 503, with the reason.
function modelReady(r) {
  readiness(r, r.variables.llm_model).then(function (v) {
    r.headersOut['Content-Type'] = 'text/plain';
    r.return(v.ready ? 200 : 503, v.model + ': ' + (v.ready ? 'ready' : 'not ready') + ' (' + v.reason + ')\\n');
  });
}

// Region health: 200 while every model in $llm_required is ready, else 503 naming them.
function health(r) {
  var models = (r.variables.llm_required || '').split(' ').filter(function (m) { return m.length > 0; });
  Promise.all(models.map(function (m) { return readiness(r, m); })).then(function (all) {
    var down = all.filter(function (v) { return !v.ready; });
    r.headersOut['Content-Type'] = 'text/plain';
    if (down.length > 0) {
      r.return(503, 'unhealthy: ' + down.map(function (v) { return v.model + ' (' + v.reason + ')'; }).join(', ') + '\\n');
    } else {
      r.return(200, 'ok: ' + (models.length > 0 ? models.join(', ') + ' ready' : 'no model required') + '\\n');
    }
  });
}

function token() {
  var t = process.env.${SPILL_TOKEN_ENV} || '';
  return t.length >= ${MIN_SPILL_TOKEN_LENGTH} ? t : '';
}

// Where a request comes from: 'client' (no spill header), 'peer' (a peer router's spill,
// with the shared token) or 'forged' (a spill header without the right token).
function hop(r) {
  var got = r.headersIn['${SPILL_TOKEN_HEADER}'];
  if (got === undefined) return 'client';
  var want = token();
  if (want.length === 0 || got.length !== want.length) return 'forged';
  var diff = 0;
  for (var i = 0; i < want.length; i++) diff |= want.charCodeAt(i) ^ got.charCodeAt(i);
  return diff === 0 ? 'peer' : 'forged';
}

function spillToken(r) {
  return token();
}

export default { ready, modelReady, health, hop, spillToken };
`;
