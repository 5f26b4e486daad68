// A real OpenID Connect provider (npm's oidc-provider) for the single sign-on tests.
//
//   APP_URL=http://127.0.0.1:5000 node server.js
//
// listens on a free port of 127.0.0.1 and prints one JSON line {"issuer": ...} once it
// serves. Everything below is test data: static users with a groups claim, and clients
// whose redirect URIs point at APP_URL (the app the tests serve).
//
// Signing in needs no person: an authorisation request with login_hint=<user> signs that
// user in and grants the request at once; without it the provider shows a one-field form
// (the browser test fills it in). Clients whose id starts with "tamper-" get an ID token
// changed after the provider issued it (see TAMPER), so the tests can prove the app
// refuses expired, mis-addressed, foreign or unsigned tokens delivered the real way.

import { createServer } from 'node:http';

import * as jose from 'jose';
import Provider from 'oidc-provider';

const APP_URL = process.env.APP_URL;
if (!APP_URL) {
  console.error('APP_URL (the app under test) is required');
  process.exit(2);
}

const USERS = {
  alice: { email: 'alice@example.com', name: 'Alice Admin', groups: ['scorecard-admins'] },
  bob: { email: 'bob@example.com', name: 'Bob Recruiter', groups: ['talent', 'staff'] },
  carol: { email: 'carol@example.com', name: 'Carol Staff', groups: ['staff'] },
  dave: { email: 'dave@example.com', name: 'Dave Nogroups', groups: [] },
  erin: { email: 'erin@example.com', name: 'Erin Unverified', groups: [], email_verified: false },
};

const SECRET = 'test-client-secret';
const now = () => Math.floor(Date.now() / 1000);

// How the ID token of a "tamper-" client is changed before the app receives it.
const TAMPER = {
  'tamper-expired': (claims) => ({ ...claims, iat: now() - 7200, exp: now() - 3600 }),
  // A token for another client; azp names ours, which a check of azp alone would accept.
  'tamper-audience': (claims) => ({ ...claims, aud: 'another-app', azp: claims.aud }),
  'tamper-issuer': (claims) => ({ ...claims, iss: 'https://attacker.example' }),
  'tamper-signature': 'foreign-key',
};

function client(clientId) {
  return {
    client_id: clientId,
    client_secret: SECRET,
    redirect_uris: [`${APP_URL}/sso/callback`],
    post_logout_redirect_uris: [`${APP_URL}/login`],
    grant_types: ['authorization_code'],
    response_types: ['code'],
  };
}

const { privateKey } = await jose.generateKeyPair('RS256', { extractable: true });
const signingKey = { ...(await jose.exportJWK(privateKey)), kid: 'test-key', alg: 'RS256', use: 'sig' };
const foreign = await jose.generateKeyPair('RS256');

async function tampered(idToken, change) {
  const claims = jose.decodeJwt(idToken);
  const key = change === 'foreign-key' ? foreign.privateKey : privateKey;
  const payload = change === 'foreign-key' ? claims : change(claims);
  return new jose.SignJWT(payload)
    .setProtectedHeader({ alg: 'RS256', kid: 'test-key', typ: 'JWT' })
    .sign(key);
}

async function readForm(req) {
  let body = '';
  for await (const chunk of req) body += chunk;
  return new URLSearchParams(body);
}

function loginPage(uid, hint) {
  const options = Object.keys(USERS).map((id) => `<option value="${id}">${id}</option>`).join('');
  return `<!DOCTYPE html><html><head><meta charset="utf-8"><title>Test provider</title>
<meta name="viewport" content="width=device-width, initial-scale=1"></head>
<body><h1>Test identity provider</h1>${hint}
<form method="post" action="/interaction/${uid}">
<label>User <select name="user">${options}</select></label>
<button type="submit">Continue</button></form></body></html>`;
}

async function grantEverything(provider, interaction) {
  const { prompt: { details }, params, session } = interaction;
  const grant = interaction.grantId
    ? await provider.Grant.find(interaction.grantId)
    : new provider.Grant({ accountId: session.accountId, clientId: params.client_id });
  if (details.missingOIDCScope) grant.addOIDCScope(details.missingOIDCScope.join(' '));
  if (details.missingOIDCClaims) grant.addOIDCClaims(details.missingOIDCClaims);
  return grant.save();
}

async function interact(provider, ctx) {
  const interaction = await provider.interactionDetails(ctx.req, ctx.res);
  const { prompt, params, uid } = interaction;
  if (prompt.name === 'consent') {
    const grantId = await grantEverything(provider, interaction);
    return provider.interactionFinished(ctx.req, ctx.res, { consent: { grantId } }, { mergeWithLastSubmission: true });
  }
  let user = params.login_hint;
  if (ctx.method === 'POST') user = (await readForm(ctx.req)).get('user');
  if (!user) {
    ctx.type = 'html';
    ctx.body = loginPage(uid, '');
    return undefined;
  }
  if (!USERS[user]) {
    const result = { error: 'access_denied', error_description: 'unknown test user' };
    return provider.interactionFinished(ctx.req, ctx.res, result, { mergeWithLastSubmission: false });
  }
  const result = { login: { accountId: user } };
  return provider.interactionFinished(ctx.req, ctx.res, result, { mergeWithLastSubmission: false });
}

const server = createServer();
await new Promise((resolve) => { server.listen(0, '127.0.0.1', resolve); });
const issuer = `http://127.0.0.1:${server.address().port}`;

const provider = new Provider(issuer, {
  clients: ['scorecard', ...Object.keys(TAMPER)].map(client),
  jwks: { keys: [signingKey] },
  cookies: { keys: ['test-cookie-key-not-secret'] },
  scopes: ['openid', 'email', 'profile', 'groups'],
  claims: {
    email: ['email', 'email_verified'],
    profile: ['name'],
    groups: ['groups'],
  },
  // Put the requested claims into the ID token itself (the app reads only that).
  conformIdTokenClaims: false,
  // Every client must use PKCE: a flow that works proves the app sends it.
  pkce: { required: () => true },
  features: {
    devInteractions: { enabled: false },
    rpInitiatedLogout: { enabled: true },
  },
  async findAccount(ctx, id) {
    const user = USERS[id];
    if (!user) return undefined;
    return {
      accountId: id,
      async claims() {
        return { sub: id, email_verified: true, ...user };
      },
    };
  },
});

provider.use(async (ctx, next) => {
  const match = ctx.path.match(/^\/interaction\/([^/]+)$/);
  if (match) {
    await interact(provider, ctx);
    return;
  }
  await next();
  const change = ctx.path === '/token' && TAMPER[ctx.oidc?.client?.clientId];
  if (change && ctx.body?.id_token) {
    ctx.body = { ...ctx.body, id_token: await tampered(ctx.body.id_token, change) };
  }
});

server.on('request', provider.callback());
console.log(JSON.stringify({ issuer }));
