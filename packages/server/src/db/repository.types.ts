// The repository contract (DESIGN.md §3): the only writer to the database. Routes, bundles, imports and
// jobs call it in-process; every method runs in one transaction and emits a change event after commit.
import type { Bundle, OperationOutcome, Resource } from '@medplum/fhirtypes';
import type { Queryable } from './engine.ts';
import type { SqlParams } from './search/sql-params.ts';

/** The kinds of people who hold accounts (issue #3 point 1); apps without a user have none. */
export type UserRole = 'practitioner' | 'patient' | 'caregiver' | 'admin' | 'researcher' | 'public-health';

/** Who is acting, for access control and audit. Built by the HTTP pipeline or a job. */
export interface AccessContext {
  /** e.g. `Client/abc`, `Practitioner/123`, `system` for internal jobs. */
  actor: string;
  clientId?: string;
  /** Granted scopes (SMART v2 syntax), e.g. `system/*.cruds`. */
  scopes: readonly string[];
  sourceIp?: string;
  /** The signed-in user behind a user-facing token (authorization code flow); absent for backend services. */
  user?: {
    id: string;
    role: UserRole;
    /** SMART `fhirUser`: e.g. `Practitioner/123`, `Patient/456`, `RelatedPerson/789`. */
    fhirUser?: string;
  };
  /** SMART launch context `patient` (patient/ scopes and EHR launch): the one patient id in context. */
  patient?: string;
  /** For caregivers: the patient ids they hold proxy access for. */
  proxyPatients?: readonly string[];
  /**
   * The organization the app is registered to (auth/clients.ts `--organization`), e.g. an exchange
   * partner's: patients who refused sharing with it are outside this app's access.
   */
  clientOrganization?: string;
  /** Break-the-glass: the stated reason, when this request opens a record outside normal access. */
  breakGlassReason?: string;
  /**
   * Break-the-glass grants the user held, still running, when the request began (access/break-glass.ts):
   * a request touching one of these patients works under the grant and is audited with its reason.
   */
  breakGlassGrants?: readonly BreakGlassGrant[];
}

/** A running break-the-glass grant: the patient it opened and the reason given when it was opened. */
export interface BreakGlassGrant {
  patientId: string;
  reason: string;
}

export const SYSTEM_CONTEXT: AccessContext = Object.freeze({ actor: 'system', scopes: ['system/*.cruds'] });

export interface WriteResult<T extends Resource = Resource> {
  resource: T;
  /** true when a new resource was created (201), false when an existing one changed or matched (200). */
  created: boolean;
  /** For conditional create/update: true when an existing resource matched and nothing was written. */
  matched?: boolean;
}

export interface WriteOptions {
  /** `If-Match` version id (weak ETag already stripped): the write fails 412 unless it is current. */
  ifMatch?: string;
}

export type SearchHandling = 'strict' | 'lenient';

export interface SearchOptions {
  /** FHIR base URL used in fullUrl and paging links, e.g. `http://localhost:8080/fhir`. */
  baseUrl: string;
  handling?: SearchHandling;
  /** Restrict to one patient compartment (Patient/[id]/[type] and $everything). */
  compartment?: { type: 'Patient'; id: string };
  /** Row-level access control (access/): what the caller may see, ANDed into every statement. */
  access?: SearchAccess;
  /** Bulk export: only resources in the compartment of one of these patients, or of any patient (`any`). */
  patients?: readonly string[] | 'any';
  /**
   * Bulk export keyset paging: only matches whose id sorts after this one (a one-type search without
   * `_sort` or `_offset`, so pages come in id order), for constant cost per page however deep.
   */
  afterId?: string;
}

/**
 * A SQL condition on the `resources` row `alias` (its type, when fixed, given), built by the access layer
 * so the search engine filters in SQL: paging, `total`, includes and chains never see a denied row.
 */
export type RowCondition = (alias: string, type: string | undefined, p: SqlParams) => string;

export interface SearchAccess {
  /** Rows that may be returned as matches (and counted in `total`). */
  match: RowCondition;
  /** Rows that may be returned by `_include`/`_revinclude`. */
  include: RowCondition;
  /** Rows that may satisfy a chained or `_has` criterion (otherwise a criterion leaks their existence). */
  criteria: RowCondition;
}

/** The query as received: repeated names kept, order kept. */
export type SearchQuery = readonly (readonly [string, string])[];

export interface HistoryOptions {
  baseUrl: string;
  since?: string;
  at?: string;
  count?: number;
  /** Opaque paging cursor from a previous page's link. */
  page?: string;
  /**
   * Row-level access control: only versions of resources whose current row passes are listed, and (type
   * and system history) only versions in the same patient compartment as the current row.
   */
  access?: RowCondition;
  /** Instance history: only these versions (access/version-visibility.ts judged each one). */
  versions?: readonly string[];
}

/** A stored version as the exact JSON text served, for the read fast path (no parse/serialise). */
export interface RawResource {
  content: string;
  versionId: string;
  /** ISO instant, e.g. for `Last-Modified`. */
  lastUpdated: string;
}

export interface ChangeEvent {
  action: 'create' | 'update' | 'delete';
  resourceType: string;
  id: string;
  versionId: string;
  lastUpdated: string;
  patientIds: readonly string[];
}

export interface Repository {
  create<T extends Resource>(
    ctx: AccessContext,
    resource: T,
    opts?: { ifNoneExist?: string },
  ): Promise<WriteResult<T>>;
  read(ctx: AccessContext, type: string, id: string): Promise<Resource>;
  vread(ctx: AccessContext, type: string, id: string, versionId: string): Promise<Resource>;
  /** `read` without parsing: the stored JSON text (meta included) and its version, for the HTTP read path. */
  readRaw(ctx: AccessContext, type: string, id: string): Promise<RawResource>;
  /** Update, or update-as-create with a client-assigned id. */
  update<T extends Resource>(ctx: AccessContext, resource: T, opts?: WriteOptions): Promise<WriteResult<T>>;
  /**
   * Bulk update-as-create for importers: `update` of each resource (ids required), written in batched
   * statements. Results in input order; unchanged resources make no new version (created: false).
   */
  putMany(ctx: AccessContext, resources: readonly Resource[]): Promise<WriteResult[]>;
  /** Conditional update: `PUT [type]?query` per FHIR R4 http.html#cond-update. */
  conditionalUpdate<T extends Resource>(
    ctx: AccessContext,
    resource: T,
    query: SearchQuery,
  ): Promise<WriteResult<T>>;
  /** JSON Patch (RFC 6902), then full validation of the result. */
  patch(
    ctx: AccessContext,
    type: string,
    id: string,
    ops: unknown,
    opts?: WriteOptions,
  ): Promise<WriteResult>;
  delete(ctx: AccessContext, type: string, id: string): Promise<void>;
  /** Conditional delete; returns how many were deleted. */
  conditionalDelete(ctx: AccessContext, type: string, query: SearchQuery): Promise<number>;
  /** Searchset Bundle with links, totals, and `search.mode` match/include/outcome. `type` undefined = system search. */
  search(
    ctx: AccessContext,
    type: string | undefined,
    query: SearchQuery,
    opts: SearchOptions,
  ): Promise<Bundle>;
  /** History Bundle for an instance (type+id), a type (type only) or the system (neither). */
  history(
    ctx: AccessContext,
    type: string | undefined,
    id: string | undefined,
    opts: HistoryOptions,
  ): Promise<Bundle>;
  /**
   * Runs fn with a repository bound to one transaction (transaction bundles, imports); all-or-nothing.
   * `q` is that transaction, for a domain's own tables written beside its resources (devices/store.ts:
   * raw samples and the Observations made of them commit together). Resources go through `repo` only.
   */
  withTransaction<T>(fn: (repo: Repository, q: Queryable) => Promise<T>): Promise<T>;
  /** Validation only ($validate): the outcome of validating the resource as it would be written. */
  validate(resource: unknown, mode?: 'create' | 'update' | 'delete'): OperationOutcome;
}

/** What the repository needs from storage: an engine or a transaction. */
export type RepositoryDb = Queryable;
