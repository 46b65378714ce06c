// TenantAdminGroups over the cell's Cognito admin user pool: CreateGroup, with an existing group counted as done.
import {
  CreateGroupCommand,
  type CognitoIdentityProviderClient,
} from '@aws-sdk/client-cognito-identity-provider';
import type { TenantAdminGroups } from '../admin-ports';

export interface CognitoTenantAdminGroupsOptions {
  readonly userPoolId: string;
  /** Group name prefix; the tenant id follows it (`tenant-admins-`). */
  readonly groupNamePrefix: string;
  /** Group precedence (lower wins in Cognito's role choice; platform admins hold 0). @default 10 */
  readonly precedence?: number;
}

export class CognitoTenantAdminGroups implements TenantAdminGroups {
  constructor(
    private readonly client: CognitoIdentityProviderClient,
    private readonly options: CognitoTenantAdminGroupsOptions,
  ) {}

  async ensureTenantAdminGroup(tenantId: string): Promise<void> {
    try {
      await this.client.send(
        new CreateGroupCommand({
          UserPoolId: this.options.userPoolId,
          GroupName: `${this.options.groupNamePrefix}${tenantId}`,
          Description: `Admins of tenant ${tenantId}`,
          Precedence: this.options.precedence ?? 10,
        }),
      );
    } catch (error) {
      // Created by an earlier attempt, by CloudFormation (AdminIdentity tenantIds) or by hand: nothing to do.
      if ((error as { name?: string }).name === 'GroupExistsException') return;
      throw error;
    }
  }
}
