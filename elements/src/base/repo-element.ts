import type { RepoType } from '@csghub/client';
import { property } from 'lit/decorators.js';
import { CsgElement } from './csg-element.js';

/** Base of elements showing one repository: `repo`, `type` and `revision` attributes. */
export class CsgRepoElement extends CsgElement {
  /** `namespace/name` of the repository. */
  @property({ reflect: true }) repo = '';

  /** `model` (default), `dataset`, `space` or `code`. */
  @property({ reflect: true }) type: RepoType = 'model';

  /** Branch, tag or commit; empty means the repository's default branch. */
  @property({ reflect: true }) revision = '';

  /** The revision to ask the hub for. */
  protected get rev(): string {
    return this.revision || 'main';
  }

  /** The repository as the client takes it (`{type, name}`), or undefined while `repo` is not a valid id. */
  protected get repoRef(): { type: RepoType; name: string } | undefined {
    return /^[^/\s]+\/[^/\s]+$/.test(this.repo) ? { type: this.type, name: this.repo } : undefined;
  }
}
