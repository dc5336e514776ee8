import { PLURAL_TO_TYPE, TYPE_PREFIX } from './urls.js';
import { communityOperations, likedReposOperation } from './openapi-community.js';

/**
 * The OpenAPI 3.1 description of every HTTP route. A test compares it with the router both ways,
 * so a route cannot be added without being described here, nor described without existing.
 */
type Schema = Record<string, unknown>;
interface Operation {
  summary: string;
  tags: string[];
  parameters?: Schema[];
  requestBody?: Schema;
  responses: Record<string, Schema>;
  security?: Array<Record<string, string[]>>;
}

const ref = (name: string): Schema => ({ $ref: `#/components/schemas/${name}` });
const json = (schema: Schema, description = 'OK'): Schema => ({ description, content: { 'application/json': { schema } } });
const body = (schema: Schema, required = true): Schema => ({ required, content: { 'application/json': { schema } } });
const pathParam = (name: string, description: string): Schema => ({ name, in: 'path', required: true, schema: { type: 'string' }, description });
const query = (name: string, schema: Schema, description: string): Schema => ({ name, in: 'query', required: false, schema, description });
const error = (description: string): Schema => ({
  description,
  headers: {
    'X-Error-Code': { schema: { type: 'string', enum: ['RepoNotFound', 'RevisionNotFound', 'EntryNotFound', 'XetNotEnabled', 'MissingRequiredParameter', 'InvalidParameter', 'ResponseNotFound', 'SqlQueryRefused', 'SqlQueryFailed'] }, description: 'Hugging Face error code, where one applies' },
    'X-Error-Message': { schema: { type: 'string' } },
  },
  content: { 'application/json': { schema: ref('Error') } },
});
const errors = (...codes: number[]): Record<string, Schema> => {
  const text: Record<number, string> = {
    400: 'Invalid input', 401: 'Not signed in, or invalid credentials', 403: 'Signed in without the needed role or token scope',
    404: 'Not found (also every private or internal repository the caller may not read)', 409: 'Conflict',
    413: 'Body too large', 415: 'Unsupported content type', 429: 'Too many attempts',
  };
  return Object.fromEntries(codes.map((c) => [String(c), error(text[c] ?? 'Error')]));
};
const ok = (schema: Schema = { type: 'object' }): Record<string, Schema> => ({ '200': json(schema) });
const created = (schema: Schema): Record<string, Schema> => ({ '201': json(schema, 'Created') });

const ns = pathParam('namespace', 'User or organization name');
const signed: Schema = { name: 't', in: 'query', required: true, schema: { type: 'string' }, description: 'Signed, short-lived authorisation from the batch API' };
const repoName = pathParam('name', 'Repository name');
const repoIdProps = { name: { type: 'string' }, organization: { type: ['string', 'null'] }, type: ref('RepoType') };

const rest = (what: string): Schema => pathParam('rest', `${what}. A revision is one segment (encode '/' as %2F) or a raw refs/pr/N or refs/convert/X`);
const treeEntry = ref('TreeEntry');
const commitEntry = ref('Commit');

/** The dataset viewer (Hugging Face dataset-viewer's endpoints and shapes), plus SQL. */
function viewerOperations(): Record<string, Record<string, Operation>> {
  const tags = ['dataset viewer'];
  const dataset = { name: 'dataset', in: 'query', required: true, schema: { type: 'string' }, description: 'namespace/name of a dataset the caller may read' };
  const config = (required: boolean) => ({ name: 'config', in: 'query', required, schema: { type: 'string' }, description: 'Config name' });
  const split = { name: 'split', in: 'query', required: true, schema: { type: 'string' }, description: 'Split name' };
  const paging = [query('offset', { type: 'integer', minimum: 0 }, 'First row (default 0)'), query('length', { type: 'integer', minimum: 0, maximum: 100 }, 'Rows (default and at most 100)')];
  const viewerErrors = {
    ...errors(400, 404),
    '422': { ...error('Missing or invalid parameter (X-Error-Code MissingRequiredParameter or InvalidParameter), or a data file that cannot be read') },
  };
  const rowsAnswer = (schema: Schema): Schema => ({
    description: 'OK; an Arrow IPC stream (row_idx, num_rows_total and truncated_cells in the schema metadata) when the Accept header asks for it',
    content: { 'application/json': { schema }, 'application/vnd.apache.arrow.stream': { schema: { type: 'string', format: 'binary' } } },
  });
  const get = (summary: string, parameters: Schema[], response: Schema, rows = false): Record<string, Operation> => ({
    get: { summary, tags, parameters, responses: { '200': rows ? rowsAnswer(response) : json(response), ...viewerErrors } },
  });
  return {
    '/viewer/is-valid': get('Which viewer features are available (viewer, search, filter, statistics need Parquet: native or converted)', [dataset, config(false), { ...split, required: false }], ref('ViewerValidity')),
    '/viewer/splits': get('Configs and splits (README configs, file-name conventions, or default/train); Parquet conversions pending or failed', [dataset, config(false)], ref('ViewerSplits')),
    '/viewer/info': get('Dataset info per config: features, splits, sizes', [dataset, config(false)], { type: 'object', properties: { dataset_info: { type: 'object' }, partial: { type: 'boolean' } } }),
    '/viewer/size': get('Sizes and row counts of the dataset, its configs and splits', [dataset, config(false)], { type: 'object', properties: { size: { type: 'object' }, pending: { type: 'array' }, failed: { type: 'array' }, partial: { type: 'boolean' } } }),
    '/viewer/parquet': get('Parquet files per split: native ones at the commit, converted ones on refs/convert/parquet', [dataset, config(false)], { type: 'object', properties: { parquet_files: { type: 'array', items: { type: 'object', properties: { dataset: { type: 'string' }, config: { type: 'string' }, split: { type: 'string' }, url: { type: 'string' }, filename: { type: 'string' }, size: { type: 'integer' } } } }, partial: { type: 'boolean' } } }),
    '/viewer/first-rows': get('The first 100 rows and the features of a split', [dataset, config(true), split], ref('ViewerFirstRows'), true),
    '/viewer/rows': get('A page of rows of a split', [dataset, config(true), split, ...paging], ref('ViewerRows'), true),
    '/viewer/search': get('Rows whose text columns contain `query` (case-insensitive)', [dataset, config(true), split, { name: 'query', in: 'query', required: true, schema: { type: 'string' }, description: 'Text to find' }, ...paging], ref('ViewerRows'), true),
    '/viewer/filter': get(
      'Rows matching `where`, ordered by `orderby`. Grammar: comparisons (= != <> < <= > >=), AND, OR, NOT, parentheses, IS [NOT] NULL, [NOT] LIKE/ILIKE, [NOT] IN (...), \'strings\', numbers, TRUE/FALSE/NULL, "quoted" column names; orderby: "column" [ASC|DESC], ... Anything else answers 400.',
      [dataset, config(true), split, query('where', { type: 'string' }, 'Condition'), query('orderby', { type: 'string' }, 'Sort order'), ...paging], ref('ViewerRows'), true),
    '/viewer/statistics': get('Per-column statistics: nulls, min/max/mean/median/std and histogram, label frequencies, booleans, text and list lengths', [dataset, config(true), split], { type: 'object', properties: { num_examples: { type: 'integer' }, statistics: { type: 'array', items: { type: 'object', properties: { column_name: { type: 'string' }, column_type: { type: 'string' }, column_statistics: { type: 'object' } } } }, partial: { type: 'boolean' } } }),
    '/viewer/sql': {
      post: {
        summary: 'Extension: one read-only SELECT over the splits of a config, exposed as tables named after the splits. No table functions, files, extensions, settings or other statements (400 SqlQueryRefused); at most 1000 rows (`truncated`), 10 s and the viewer memory limit.',
        tags,
        requestBody: body({ type: 'object', required: ['dataset', 'query'], properties: { dataset: { type: 'string' }, config: { type: 'string' }, query: { type: 'string' } } }),
        responses: {
          '200': rowsAnswer({ type: 'object', properties: { dataset: { type: 'string' }, config: { type: 'string' }, features: { type: 'array' }, rows: { type: 'array' }, num_rows: { type: 'integer' }, truncated: { type: 'boolean' } } }),
          ...viewerErrors, ...errors(429),
        },
      },
    },
  };
}

function gitOperations(plural: string, type: string): Record<string, Record<string, Operation>> {
  const tag = ['git'];
  const base = `/api/${plural}/{namespace}/{name}`;
  const revOnly = rest('Revision');
  return {
    [`${base}/revision/{rest}`]: {
      get: {
        summary: `${type} info at a revision; \`blobs=true\` adds sizes, blob ids and LFS details to siblings`,
        tags: tag, parameters: [ns, repoName, revOnly, query('blobs', { type: 'boolean' }, 'File metadata in siblings'), query('expand', { type: 'array', items: { type: 'string' } }, 'Only these fields')],
        responses: { ...ok(ref('RepoInfo')), ...errors(400, 404) },
      },
    },
    [`${base}/tree/{rest}`]: {
      get: {
        summary: 'Directory listing at a revision (1000 entries a page, 50 with expand; next page in Link)',
        tags: tag,
        parameters: [ns, repoName, rest('Revision, then the directory path'), query('recursive', { type: 'boolean' }, 'All descendants'), query('expand', { type: 'boolean' }, 'Add lastCommit'), query('cursor', { type: 'string' }, 'From Link'), query('limit', { type: 'integer' }, 'Page size')],
        responses: { ...ok({ type: 'array', items: treeEntry }), ...errors(400, 404) },
      },
    },
    [`${base}/paths-info/{rest}`]: {
      post: {
        summary: 'Entries for the given paths (missing paths are left out); JSON or form body',
        tags: tag, parameters: [ns, repoName, revOnly],
        requestBody: {
          required: true,
          content: {
            'application/json': { schema: { type: 'object', required: ['paths'], properties: { paths: { type: 'array', items: { type: 'string' } }, expand: { type: 'boolean' } } } },
            'application/x-www-form-urlencoded': { schema: { type: 'object', properties: { paths: { type: 'array', items: { type: 'string' } }, expand: { type: 'string' } } } },
          },
        },
        responses: { ...ok({ type: 'array', items: treeEntry }), ...errors(400, 404) },
      },
    },
    [`${base}/refs`]: {
      get: {
        summary: 'Branches, tags, converts (and pull requests with include_prs)', tags: tag,
        parameters: [ns, repoName, query('include_prs', { type: 'boolean' }, 'Add pullRequests')],
        responses: { ...ok(ref('Refs')), ...errors(404) },
      },
    },
    [`${base}/commits/{rest}`]: {
      get: {
        summary: 'History from a revision, newest first; X-Total-Count; next page in Link', tags: tag,
        parameters: [ns, repoName, revOnly, query('limit', { type: 'integer' }, 'Page size (default 50)'), query('p', { type: 'integer' }, 'Page number'), query('cursor', { type: 'string' }, 'From Link'), query('path', { type: 'string' }, 'Only commits touching this path')],
        responses: { '200': { description: 'Commits', headers: { 'X-Total-Count': { schema: { type: 'integer' } }, Link: { schema: { type: 'string' } } }, content: { 'application/json': { schema: { type: 'array', items: commitEntry } } } }, ...errors(400, 404) },
      },
    },
    [`${base}/commit/{rest}`]: {
      get: {
        summary: 'Extension: one commit with its changed files and patch', tags: tag, parameters: [ns, repoName, revOnly],
        responses: { ...ok({ allOf: [commitEntry, { type: 'object', properties: { parents: { type: 'array', items: { type: 'string' } }, files: { type: 'array', items: { type: 'object' } }, patch: { type: 'string' }, truncated: { type: 'boolean' } } }] }), ...errors(400, 404) },
      },
      post: {
        summary: 'Commit to a branch (ndjson: header, file, lfsFile, deletedFile, deletedFolder); moves the branch by compare-and-swap. ' +
          'With create_pr=1 the commit opens a pull request on refs/pr/N instead (signed-in readers may); a refs/pr/N revision adds to an open pull request (its author or writers)',
        tags: tag, parameters: [ns, repoName, rest('Branch, or refs/pr/N'), query('create_pr', { type: 'boolean' }, 'Open a pull request with this commit')],
        requestBody: { required: true, content: { 'application/x-ndjson': { schema: { type: 'string', description: 'One {"key","value"} JSON object per line; the header first' } } } },
        responses: {
          ...ok({ type: 'object', properties: { success: { type: 'boolean' }, commitOid: { type: 'string' }, commitUrl: { type: 'string' }, hookOutput: { type: 'string' }, pullRequestUrl: { type: 'string', description: 'With create_pr: {hub}/{repo}/discussions/N' } } }),
          ...errors(400, 401, 403, 404, 409, 413, 415),
        },
      },
    },
    [`${base}/preupload/{rest}`]: {
      post: {
        summary: 'Classifies files as regular or LFS, and flags ignored ones (shouldIgnore) and unchanged ones (oid)',
        tags: tag, parameters: [ns, repoName, rest('Branch, or refs/pr/N'), query('create_pr', { type: 'boolean' }, 'For a commit that will open a pull request')],
        requestBody: body({ type: 'object', required: ['files'], properties: { files: { type: 'array', items: { type: 'object', properties: { path: { type: 'string' }, size: { type: 'integer' }, sample: { type: 'string' } } } }, gitIgnore: { type: 'string' }, gitAttributes: { type: 'string' } } }),
        responses: { ...ok({ type: 'object', properties: { files: { type: 'array', items: { type: 'object', properties: { path: { type: 'string' }, uploadMode: { enum: ['lfs', 'regular'] }, shouldIgnore: { type: 'boolean' }, oid: { type: 'string' } } } } } }), ...errors(400, 401, 403, 404) },
      },
    },
    [`${base}/branch/{rest}`]: {
      post: {
        summary: 'Create a branch (409 if it exists, unless overwrite)', tags: tag, parameters: [ns, repoName, rest('Branch name')],
        requestBody: body({ type: 'object', properties: { startingPoint: { type: 'string' }, emptyBranch: { type: 'boolean' }, overwrite: { type: 'boolean' } } }, false),
        responses: { ...ok(), ...errors(400, 401, 403, 404, 409) },
      },
      delete: { summary: 'Delete a branch (never the default one; protected ones by admins)', tags: tag, parameters: [ns, repoName, rest('Branch name')], responses: { ...ok(), ...errors(400, 401, 403, 404) } },
    },
    [`${base}/tag/{rest}`]: {
      post: {
        summary: 'Tag a revision (annotated when a message is given; 409 if the tag exists)', tags: tag, parameters: [ns, repoName, revOnly],
        requestBody: body({ type: 'object', required: ['tag'], properties: { tag: { type: 'string' }, message: { type: 'string' } } }),
        responses: { ...ok(), ...errors(400, 401, 403, 404, 409) },
      },
      delete: { summary: 'Delete a tag', tags: tag, parameters: [ns, repoName, rest('Tag name')], responses: { ...ok(), ...errors(400, 401, 403, 404) } },
    },
  };
}

function fileOperations(prefix: string, type: string): Record<string, Record<string, Operation>> {
  const out: Record<string, Record<string, Operation>> = {};
  for (const kind of ['resolve', 'raw']) {
    const op: Operation = {
      summary: kind === 'resolve'
        ? `Download a file of a ${type} (HEAD for metadata): ETag, X-Repo-Commit, Content-Length, byte ranges`
        : `The git blob of a ${type} file (an LFS file's pointer)`,
      tags: ['files'],
      parameters: [ns, repoName, rest('Revision, then the file path')],
      responses: {
        '200': { description: 'The file', headers: { ETag: { schema: { type: 'string' } }, 'X-Repo-Commit': { schema: { type: 'string' } } }, content: { 'application/octet-stream': { schema: { type: 'string', format: 'binary' } } } },
        '206': { description: 'A byte range', headers: { 'Content-Range': { schema: { type: 'string' } } } },
        '304': { description: 'Not modified (If-None-Match)' },
        ...errors(400, 404),
        '416': error('Range not satisfiable'),
      },
    };
    out[`/${prefix}{namespace}/{name}/${kind}/{rest}`] = { get: op };
  }
  return out;
}

function repoTypeOperations(plural: string, type: string): Record<string, Record<string, Operation>> {
  const tag = ['repositories'];
  return {
    [`/api/${plural}`]: {
      get: {
        summary: `List ${plural} the caller may read`,
        tags: tag,
        parameters: [
          query('search', { type: 'string' }, 'Substring of "namespace/name"'),
          query('author', { type: 'string' }, 'Namespace'),
          query('filter', { type: 'array', items: { type: 'string' } }, 'Tags, all required'),
          query('sort', { type: 'string', enum: ['lastModified', 'createdAt', 'downloads', 'likes', 'trendingScore', 'id'] }, 'Sort key'),
          query('direction', { type: 'string', enum: ['-1', '1'] }, '-1 descending (default), 1 ascending'),
          query('limit', { type: 'integer', minimum: 1, maximum: 1000 }, 'Page size (default 100)'),
          query('cursor', { type: 'string' }, 'Opaque; taken from the Link header'),
          query('full', { type: 'boolean' }, 'Include siblings'),
          query('expand', { type: 'array', items: { type: 'string' } }, 'Only these fields'),
        ],
        responses: {
          '200': {
            description: `A page of ${type} infos; the next page's absolute URL is in \`Link: <url>; rel="next"\``,
            headers: { Link: { schema: { type: 'string' } } },
            content: { 'application/json': { schema: { type: 'array', items: ref('RepoInfo') } } },
          },
          ...errors(400),
        },
      },
    },
    [`/api/${plural}/{namespace}/{name}`]: {
      get: {
        summary: `${type} info (Hugging Face's repo-info shape)`,
        tags: tag,
        parameters: [ns, repoName, query('expand', { type: 'array', items: { type: 'string' } }, 'Only these fields')],
        responses: { ...ok(ref('RepoInfo')), ...errors(401, 404) },
      },
    },
    [`/api/${plural}/{namespace}/{name}/settings`]: {
      get: {
        summary: `Extension: a ${type}'s settings (visibility, description, protected branches), for those who may change them: repository admins; private repositories are 404 to those who cannot read them, readers get 403`,
        tags: tag,
        parameters: [ns, repoName],
        responses: { ...ok(repoSettings), ...errors(401, 403, 404) },
      },
      put: {
        summary: `Change a ${type}'s visibility or description (repository admins)`,
        tags: tag,
        parameters: [ns, repoName],
        requestBody: body({
          type: 'object',
          properties: { private: { type: 'boolean' }, visibility: ref('Visibility'), gated: { const: false }, description: { type: 'string', maxLength: 1000 }, protectedBranches: { type: 'array', maxItems: 100, items: { type: 'string' } } },
        }),
        responses: { ...ok(repoSettings), ...errors(400, 401, 403, 404) },
      },
    },
  };
}

const repoSettings: Schema = {
  type: 'object',
  required: ['private', 'visibility', 'gated', 'description', 'protectedBranches'],
  properties: {
    private: { type: 'boolean' }, visibility: ref('Visibility'), gated: { const: false }, description: { type: 'string' },
    protectedBranches: { type: 'array', items: { type: 'string' } },
  },
};

export function openApiDocument(serverUrl: string): Schema {
  const paths: Record<string, Record<string, Operation>> = {
    '/api/openapi.json': { get: { summary: 'This document', tags: ['meta'], responses: ok() } },
    '/elements.js': {
      get: {
        summary: 'The web components bundle (ES module registering every csg-* tag); any origin may load it (Access-Control-Allow-Origin: *)',
        tags: ['elements'],
        responses: {
          '200': { description: 'JavaScript', headers: { ETag: { schema: { type: 'string' } }, 'Access-Control-Allow-Origin': { schema: { const: '*' } } }, content: { 'text/javascript': { schema: { type: 'string' } } } },
          '304': { description: 'Not modified (If-None-Match)' },
          ...errors(404),
        },
      },
    },
    '/static/elements/{file}': {
      get: {
        summary: 'A lazily loaded chunk of the elements bundle (markdown, highlighting); content-hashed, cached immutably, any origin',
        tags: ['elements'],
        parameters: [pathParam('file', 'Chunk file name, as elements.js imports it')],
        responses: {
          '200': { description: 'JavaScript', headers: { 'Access-Control-Allow-Origin': { schema: { const: '*' } } }, content: { 'text/javascript': { schema: { type: 'string' } } } },
          '304': { description: 'Not modified (If-None-Match)' },
          ...errors(404),
        },
      },
    },
    '/api/health': { get: { summary: 'Health probe (checks the database)', tags: ['meta'], responses: ok() } },
    '/api/auth/login': {
      post: {
        summary: 'Sign in with name (or email) and password; sets an HttpOnly session cookie',
        tags: ['session'],
        requestBody: body({ type: 'object', required: ['username', 'password'], properties: { username: { type: 'string' }, password: { type: 'string' } } }),
        responses: { ...ok({ type: 'object', properties: { user: ref('User'), csrfToken: { type: 'string' } } }), ...errors(400, 401, 429) },
      },
    },
    '/api/auth/logout': { post: { summary: 'Sign out (ends the session)', tags: ['session'], responses: ok() } },
    '/api/auth/session': {
      get: { summary: 'The signed-in user and the CSRF token for cookie-authenticated writes', tags: ['session'], responses: { ...ok(), ...errors(401) } },
    },
    '/api/whoami-v2': {
      get: { summary: 'The caller (Hugging Face shape, with `auth.accessToken`)', tags: ['users'], responses: { ...ok(ref('Whoami')), ...errors(401) } },
    },
    '/api/users': {
      post: {
        summary: 'Create a user (site admins)',
        tags: ['users'],
        requestBody: body({
          type: 'object', required: ['name', 'email'],
          properties: { name: { type: 'string' }, email: { type: 'string' }, fullname: { type: 'string' }, password: { type: 'string', minLength: 8 }, isAdmin: { type: 'boolean' } },
        }),
        responses: { ...created(ref('User')), ...errors(400, 401, 403, 409) },
      },
    },
    '/api/users/{name}': { get: { summary: 'A user profile', tags: ['users'], parameters: [pathParam('name', 'User name')], responses: { ...ok(ref('User')), ...errors(404) } } },
    '/api/user': {
      put: {
        summary: "Update the caller's profile",
        tags: ['users'],
        requestBody: body({ type: 'object', properties: { fullname: { type: 'string' }, email: { type: 'string' } } }),
        responses: { ...ok(ref('User')), ...errors(400, 401, 403, 409) },
      },
    },
    '/api/user/password': {
      put: {
        summary: "Change the caller's password (signs out their other sessions)",
        tags: ['users'],
        requestBody: body({ type: 'object', required: ['newPassword'], properties: { currentPassword: { type: 'string' }, newPassword: { type: 'string', minLength: 8 } } }),
        responses: { ...ok(), ...errors(400, 401, 403) },
      },
    },
    '/api/user/tokens': {
      get: { summary: "The caller's access tokens (never the secrets)", tags: ['tokens'], responses: { ...ok({ type: 'array', items: ref('Token') }), ...errors(401, 403) } },
      post: {
        summary: 'Create an access token; the secret is returned once',
        tags: ['tokens'],
        requestBody: body({
          type: 'object', required: ['name'],
          properties: { name: { type: 'string' }, scope: ref('Scope'), expiresAt: { type: ['string', 'null'], format: 'date-time' } },
        }),
        responses: { ...created({ allOf: [ref('Token'), { type: 'object', properties: { token: { type: 'string', pattern: '^hf_' } } }] }), ...errors(400, 401, 403) },
      },
    },
    '/api/user/tokens/{id}': {
      delete: { summary: 'Revoke an access token', tags: ['tokens'], parameters: [pathParam('id', 'Token id')], responses: { ...ok(), ...errors(400, 401, 403, 404) } },
    },
    '/api/user/ssh-keys': {
      get: { summary: "The caller's SSH public keys", tags: ['ssh-keys'], responses: { ...ok({ type: 'array', items: ref('SshKey') }), ...errors(401) } },
      post: {
        summary: 'Add an SSH public key (ed25519, ECDSA, RSA of 2048 bits or more)',
        tags: ['ssh-keys'],
        requestBody: body({ type: 'object', required: ['key'], properties: { title: { type: 'string' }, key: { type: 'string' } } }),
        responses: { ...created(ref('SshKey')), ...errors(400, 401, 403, 409) },
      },
    },
    '/api/user/ssh-keys/{id}': {
      delete: { summary: 'Remove an SSH key', tags: ['ssh-keys'], parameters: [pathParam('id', 'Key id')], responses: { ...ok(), ...errors(400, 401, 403, 404) } },
    },
    '/api/organizations': {
      post: {
        summary: 'Create an organization; the caller becomes its admin',
        tags: ['organizations'],
        requestBody: body({ type: 'object', required: ['name'], properties: { name: { type: 'string' }, fullname: { type: 'string' }, description: { type: 'string' } } }),
        responses: { ...created(ref('Organization')), ...errors(400, 401, 403, 409) },
      },
    },
    '/api/organizations/{name}': {
      get: { summary: 'An organization', tags: ['organizations'], parameters: [pathParam('name', 'Organization name')], responses: { ...ok(ref('Organization')), ...errors(404) } },
    },
    '/api/organizations/{name}/members': {
      get: {
        summary: 'Members and their roles',
        tags: ['organizations'],
        parameters: [pathParam('name', 'Organization name')],
        responses: { ...ok({ type: 'array', items: ref('Member') }), ...errors(404) },
      },
    },
    '/api/organizations/{name}/members/{user}': {
      put: {
        summary: "Add a member or change a member's role (organization admins)",
        tags: ['organizations'],
        parameters: [pathParam('name', 'Organization name'), pathParam('user', 'User name')],
        requestBody: body({ type: 'object', required: ['role'], properties: { role: ref('Role') } }),
        responses: { ...ok(ref('Member')), ...errors(400, 401, 403, 404, 409) },
      },
      delete: {
        summary: 'Remove a member (organization admins, or the member leaving); the last admin cannot leave',
        tags: ['organizations'],
        parameters: [pathParam('name', 'Organization name'), pathParam('user', 'User name')],
        responses: { ...ok(), ...errors(401, 403, 404, 409) },
      },
    },
    '/lfs/objects/{oid}': {
      put: {
        summary: 'Upload an LFS object through the hub (URL from the batch API; `t` authorises it). Verified by sha256 and size while streaming',
        tags: ['lfs'], parameters: [pathParam('oid', 'sha256'), signed],
        requestBody: { required: true, content: { 'application/octet-stream': { schema: { type: 'string', format: 'binary' } } } },
        responses: { ...ok(), ...errors(401, 422) },
      },
      get: {
        summary: 'Download an LFS object (URL from the batch API or a /resolve redirect); byte ranges',
        tags: ['lfs'], parameters: [pathParam('oid', 'sha256'), signed],
        responses: { '200': { description: 'The object' }, '206': { description: 'A byte range' }, ...errors(401, 404) },
      },
    },
    '/lfs/verify': {
      post: {
        summary: 'The LFS verify action: 200 once the object is stored for the repository',
        tags: ['lfs'], parameters: [signed], requestBody: body({ type: 'object', properties: { oid: { type: 'string' }, size: { type: 'integer' } } }),
        responses: { ...ok(), ...errors(401, 404, 422) },
      },
    },
    '/lfs/uploads/{id}/{part}': {
      put: {
        summary: "One part of Hugging Face's multipart LFS upload through the hub; answers the part's ETag",
        tags: ['lfs'], parameters: [pathParam('id', 'Upload id'), pathParam('part', 'Part number, from 1'), signed],
        requestBody: { required: true, content: { 'application/octet-stream': { schema: { type: 'string', format: 'binary' } } } },
        responses: { ...ok(), ...errors(401, 404, 422) },
      },
    },
    '/lfs/uploads/{id}': {
      post: {
        summary: 'Complete a multipart LFS upload: the parts are joined (or completed in S3), verified and recorded',
        tags: ['lfs'], parameters: [pathParam('id', 'Upload id'), signed],
        requestBody: body({ type: 'object', required: ['oid', 'parts'], properties: { oid: { type: 'string' }, parts: { type: 'array', items: { type: 'object', properties: { partNumber: { type: 'integer' }, etag: { type: 'string' } } } } } }),
        responses: { ...ok(), ...errors(401, 404, 422) },
      },
    },
    '/api/validate-yaml': {
      post: {
        summary: "Validate a README's YAML metadata (always answers JSON)",
        tags: ['repositories'],
        requestBody: body({ type: 'object', required: ['content'], properties: { content: { type: 'string' }, repoType: { type: 'string' } } }),
        responses: {
          ...ok({ type: 'object', properties: { errors: { type: 'array' }, warnings: { type: 'array' } } }),
          '400': json({ type: 'object', properties: { errors: { type: 'array', items: { type: 'object', properties: { message: { type: 'string' } } } }, warnings: { type: 'array' } } }, 'Invalid metadata'),
        },
      },
    },
    '/api/repos/create': {
      post: {
        summary: 'Create a repository (bare git repository with an initial commit)',
        tags: ['repositories'],
        requestBody: body({
          type: 'object', required: ['name'],
          properties: {
            ...repoIdProps, private: { type: 'boolean' }, visibility: ref('Visibility'), license: { type: 'string' }, description: { type: 'string' },
            files: { type: 'array', maxItems: 100, items: { type: 'object', properties: { path: { type: 'string' }, content: { type: 'string' }, encoding: { enum: ['base64', 'utf-8'] } } } },
          },
        }),
        responses: {
          ...ok({ type: 'object', properties: { url: { type: 'string' }, name: { type: 'string' }, id: { type: 'string' } } }),
          ...errors(400, 401, 403, 404, 409),
        },
      },
    },
    '/api/repos/delete': {
      delete: {
        summary: 'Delete a repository (repository admins)',
        tags: ['repositories'],
        requestBody: body({ type: 'object', required: ['name'], properties: repoIdProps }),
        responses: { ...ok(), ...errors(400, 401, 403, 404) },
      },
    },
    '/api/repos/move': {
      post: {
        summary: 'Rename a repository or move it to another namespace',
        tags: ['repositories'],
        requestBody: body({ type: 'object', required: ['fromRepo', 'toRepo'], properties: { fromRepo: { type: 'string' }, toRepo: { type: 'string' }, type: ref('RepoType') } }),
        responses: { ...ok(), ...errors(400, 401, 403, 404, 409) },
      },
    },
  };
  Object.assign(paths, viewerOperations());
  for (const [plural, type] of Object.entries(PLURAL_TO_TYPE)) {
    Object.assign(paths, repoTypeOperations(plural, type), gitOperations(plural, type), communityOperations(plural, type));
  }
  Object.assign(paths, likedReposOperation);
  for (const [type, prefix] of Object.entries(TYPE_PREFIX)) Object.assign(paths, fileOperations(prefix, type));

  return {
    openapi: '3.1.0',
    info: {
      title: 'CSGHub Kit API',
      version: '0.1.0',
      description:
        "The Hugging Face Hub API (same paths, JSON shapes and error headers) plus this hub's extensions. " +
        'Private and internal repositories answer 404 to callers who may not read them. ' +
        'Git smart HTTP (`{repo}/info/refs`, `git-upload-pack`, `git-receive-pack`) and the Git LFS API ' +
        '(`{repo}.git/info/lfs/objects/batch`, `.../locks`, `.../locks/verify`, `.../locks/{id}/unlock`) follow the git and git-lfs specifications and are not listed here.',
    },
    servers: [{ url: serverUrl }],
    security: [{ bearer: [] }, { basic: [] }, { session: [] }, {}],
    paths,
    components: {
      securitySchemes: {
        bearer: { type: 'http', scheme: 'bearer', description: 'Access token (hf_...)' },
        basic: { type: 'http', scheme: 'basic', description: 'Any user name, the access token as password (what git sends)' },
        session: { type: 'apiKey', in: 'cookie', name: 'csghub_session', description: 'Browser session; writes also need X-CSRF-Token' },
      },
      schemas: {
        Error: { type: 'object', required: ['error'], properties: { error: { type: 'string' } } },
        RepoType: { type: 'string', enum: ['model', 'dataset', 'space', 'code'] },
        Visibility: { type: 'string', enum: ['public', 'internal', 'private'] },
        Scope: { type: 'string', enum: ['read', 'write', 'admin'] },
        Role: { type: 'string', enum: ['read', 'write', 'admin'] },
        RepoInfo: {
          type: 'object',
          required: ['_id', 'id'],
          properties: {
            _id: { type: 'string' }, id: { type: 'string' }, author: { type: 'string' }, sha: { type: 'string' },
            lastModified: { type: 'string', format: 'date-time' }, createdAt: { type: 'string', format: 'date-time' },
            private: { type: 'boolean' }, visibility: { $ref: '#/components/schemas/Visibility' }, gated: { const: false }, disabled: { type: 'boolean' },
            downloads: { type: 'integer' }, likes: { type: 'integer' }, tags: { type: 'array', items: { type: 'string' } },
            cardData: { type: 'object' }, defaultBranch: { type: 'string' },
            siblings: { type: 'array', items: { type: 'object', properties: { rfilename: { type: 'string' } } } },
          },
        },
        User: {
          type: 'object',
          properties: { type: { const: 'user' }, id: { type: 'string' }, name: { type: 'string' }, fullname: { type: 'string' }, email: { type: 'string' }, isAdmin: { type: 'boolean' }, createdAt: { type: 'string' } },
        },
        Whoami: {
          allOf: [
            { $ref: '#/components/schemas/User' },
            { type: 'object', properties: { orgs: { type: 'array', items: { $ref: '#/components/schemas/Organization' } }, auth: { type: 'object' } } },
          ],
        },
        Organization: {
          type: 'object',
          properties: { type: { const: 'org' }, id: { type: 'string' }, name: { type: 'string' }, fullname: { type: 'string' }, description: { type: 'string' }, roleInOrg: { $ref: '#/components/schemas/Role' } },
        },
        TreeEntry: {
          type: 'object', required: ['type', 'oid', 'size', 'path'],
          properties: {
            type: { enum: ['file', 'directory'] }, oid: { type: 'string' }, size: { type: 'integer' }, path: { type: 'string' },
            lfs: { type: 'object', properties: { oid: { type: 'string' }, size: { type: 'integer' }, pointerSize: { type: 'integer' } } },
            lastCommit: { type: 'object', properties: { id: { type: 'string' }, title: { type: 'string' }, date: { type: 'string' } } },
          },
        },
        Commit: {
          type: 'object',
          properties: { id: { type: 'string' }, title: { type: 'string' }, message: { type: 'string' }, authors: { type: 'array', items: { type: 'object', properties: { user: { type: 'string' } } } }, date: { type: 'string' } },
        },
        Refs: {
          type: 'object',
          properties: Object.fromEntries(['branches', 'tags', 'converts', 'pullRequests'].map((k) => [k, { type: 'array', items: { type: 'object', properties: { name: { type: 'string' }, ref: { type: 'string' }, targetCommit: { type: 'string' } } } }])),
        },
        ViewerValidity: { type: 'object', properties: Object.fromEntries(['preview', 'viewer', 'search', 'filter', 'statistics'].map((k) => [k, { type: 'boolean' }])) },
        ViewerSplits: {
          type: 'object',
          properties: {
            splits: { type: 'array', items: { type: 'object', properties: { dataset: { type: 'string' }, config: { type: 'string' }, split: { type: 'string' } } } },
            pending: { type: 'array', items: { type: 'object' } }, failed: { type: 'array', items: { type: 'object' } },
          },
        },
        ViewerRow: { type: 'object', properties: { row_idx: { type: 'integer' }, row: { type: 'object' }, truncated_cells: { type: 'array', items: { type: 'string' } } } },
        ViewerFeature: { type: 'object', properties: { feature_idx: { type: 'integer' }, name: { type: 'string' }, type: { type: 'object' } } },
        ViewerFirstRows: {
          type: 'object',
          properties: {
            dataset: { type: 'string' }, config: { type: 'string' }, split: { type: 'string' },
            features: { type: 'array', items: { $ref: '#/components/schemas/ViewerFeature' } }, rows: { type: 'array', items: { $ref: '#/components/schemas/ViewerRow' } }, truncated: { type: 'boolean' },
          },
        },
        ViewerRows: {
          type: 'object',
          properties: {
            features: { type: 'array', items: { $ref: '#/components/schemas/ViewerFeature' } }, rows: { type: 'array', items: { $ref: '#/components/schemas/ViewerRow' } },
            num_rows_total: { type: 'integer' }, num_rows_per_page: { type: 'integer' }, partial: { type: 'boolean' },
          },
        },
        Member: { type: 'object', properties: { name: { type: 'string' }, fullname: { type: 'string' }, role: { $ref: '#/components/schemas/Role' } } },
        Token: {
          type: 'object',
          properties: {
            id: { type: 'integer' }, displayName: { type: 'string' }, scope: { $ref: '#/components/schemas/Scope' }, hint: { type: 'string' },
            createdAt: { type: 'string' }, expiresAt: { type: ['string', 'null'] }, lastUsedAt: { type: ['string', 'null'] },
          },
        },
        SshKey: {
          type: 'object',
          properties: { id: { type: 'integer' }, title: { type: 'string' }, keyType: { type: 'string' }, key: { type: 'string' }, fingerprint: { type: 'string' }, createdAt: { type: 'string' }, lastUsedAt: { type: ['string', 'null'] } },
        },
      },
    },
  };
}
