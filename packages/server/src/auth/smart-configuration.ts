// SMART discovery (SMART App Launch 2.0 conformance.html#using-well-known): every required and
// recommended field, and the OpenID Provider metadata (OpenID Connect Discovery 1.0 §3) behind the
// `sso-openid-connect` capability. Pure: base URL in, documents out.
import type { Bundle, Endpoint, Organization } from '@medplum/fhirtypes';
import { CLIENT_ASSERTION_ALGS } from './client-assertion.ts';
import { OIDC_DEFAULT_ALG, SIGNING_ALG } from './signing-keys.ts';
import { LAUNCH_SCOPES } from './scopes.ts';

/** conformance.html#capabilities: what this server does. */
export const SMART_CAPABILITIES = [
  'launch-ehr',
  'launch-standalone',
  'authorize-post',
  'client-public',
  'client-confidential-symmetric',
  'client-confidential-asymmetric',
  'sso-openid-connect',
  'context-banner',
  'context-ehr-patient',
  'context-ehr-encounter',
  'context-standalone-patient',
  'permission-offline',
  'permission-online',
  'permission-patient',
  'permission-user',
  'permission-v1',
  'permission-v2',
];

const RESOURCE_SCOPE_EXAMPLES = [
  'patient/*.cruds',
  'user/*.cruds',
  'system/*.cruds',
  'patient/*.rs',
  'user/*.rs',
  'system/*.rs',
];

export function smartConfiguration(baseUrl: string): Record<string, unknown> {
  return {
    issuer: baseUrl,
    jwks_uri: `${baseUrl}/oauth2/jwks`,
    authorization_endpoint: `${baseUrl}/oauth2/authorize`,
    token_endpoint: `${baseUrl}/oauth2/token`,
    token_endpoint_auth_methods_supported: ['client_secret_basic', 'client_secret_post', 'private_key_jwt'],
    token_endpoint_auth_signing_alg_values_supported: CLIENT_ASSERTION_ALGS,
    grant_types_supported: ['authorization_code', 'refresh_token', 'client_credentials'],
    scopes_supported: [...LAUNCH_SCOPES, ...RESOURCE_SCOPE_EXAMPLES],
    response_types_supported: ['code'],
    management_endpoint: `${baseUrl}/oauth2/manage`,
    user_access_brand_bundle: `${baseUrl}/oauth2/brands`,
    user_access_brand_identifier: BRAND_IDENTIFIER(baseUrl),
    introspection_endpoint: `${baseUrl}/oauth2/introspect`,
    revocation_endpoint: `${baseUrl}/oauth2/revoke`,
    // OIDC RP-Initiated Logout 1.0 §2.1.
    end_session_endpoint: `${baseUrl}/oauth2/logout`,
    capabilities: SMART_CAPABILITIES,
    // S256 only: `plain` is not offered and is refused (SMART 2.0 app-launch.html#considerations-for-pkce-support).
    code_challenge_methods_supported: ['S256'],
  };
}

/** The brand's identifier: this server's URL (SMART brands.html allows any stable identifier). */
const BRAND_IDENTIFIER = (baseUrl: string) => ({ system: 'urn:ietf:rfc:3986', value: baseUrl });

/**
 * SMART User-access Brands (brands.html): one Organization (the brand patients recognise) with the
 * FHIR Endpoint its patients' apps connect to, so app galleries can list this server.
 */
export function brandBundle(baseUrl: string, brandName: string): Bundle {
  const organization: Organization = {
    resourceType: 'Organization',
    id: 'brand',
    identifier: [BRAND_IDENTIFIER(baseUrl)],
    active: true,
    name: brandName,
    endpoint: [{ reference: 'Endpoint/fhir' }],
  };
  const endpoint: Endpoint = {
    resourceType: 'Endpoint',
    id: 'fhir',
    status: 'active',
    name: `${brandName} FHIR R4`,
    connectionType: {
      system: 'http://terminology.hl7.org/CodeSystem/endpoint-connection-type',
      code: 'hl7-fhir-rest',
    },
    payloadType: [
      { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/endpoint-payload-type', code: 'none' }] },
    ],
    address: `${baseUrl}/fhir`,
  };
  return {
    resourceType: 'Bundle',
    type: 'collection',
    entry: [
      { fullUrl: `${baseUrl}/oauth2/brands/Organization/brand`, resource: organization },
      { fullUrl: `${baseUrl}/oauth2/brands/Endpoint/fhir`, resource: endpoint },
    ],
  };
}

export function openidConfiguration(baseUrl: string): Record<string, unknown> {
  return {
    issuer: baseUrl,
    authorization_endpoint: `${baseUrl}/oauth2/authorize`,
    token_endpoint: `${baseUrl}/oauth2/token`,
    jwks_uri: `${baseUrl}/oauth2/jwks`,
    // OIDC RP-Initiated Logout 1.0 §2.1.
    end_session_endpoint: `${baseUrl}/oauth2/logout`,
    response_types_supported: ['code'],
    subject_types_supported: ['public'],
    // RS256 first: OIDC Core §15.1 makes it the default; ES256 for clients that register it.
    id_token_signing_alg_values_supported: [OIDC_DEFAULT_ALG, SIGNING_ALG],
    scopes_supported: ['openid', 'fhirUser', 'offline_access', 'online_access'],
    claims_supported: ['iss', 'sub', 'aud', 'exp', 'iat', 'nonce', 'fhirUser'],
    token_endpoint_auth_methods_supported: ['client_secret_basic', 'client_secret_post', 'private_key_jwt'],
    code_challenge_methods_supported: ['S256'],
  };
}
