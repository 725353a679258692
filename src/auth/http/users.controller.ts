import {
  Body,
  Controller,
  Get,
  HttpCode,
  Param,
  ParseUUIDPipe,
  Patch,
  Post,
  Query,
  Res,
} from '@nestjs/common';
import { Transform } from 'class-transformer';
import type { FastifyReply } from 'fastify';
import {
  ApiAcceptedResponse,
  ApiBearerAuth,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiForbiddenResponse,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiProperty,
  ApiPropertyOptional,
  ApiTags,
} from '@nestjs/swagger';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  MaxLength,
  MinLength,
} from 'class-validator';
import { CurrentUser, Roles } from '../../common/http/auth.guard';
import { ErrorBodyDto } from '../../common/http/error-body.dto';
import { PagingDto } from '../../common/http/paging.dto';
import { CAPTIONS, CLEARANCES } from '../../kernel/classification';
import { ROLES, type Actor, type Role } from '../../kernel/actor';
import { MAX_PASSWORD, MIN_PASSWORD } from '../application/password';
import { UserAdminService } from '../application/user-admin.service';
import { UserDirectory } from '../application/user-directory';
import { UserProfileDto } from './auth.controller';

export class UserQueryDto {
  @ApiPropertyOptional({ enum: ROLES }) @IsOptional() @IsIn(ROLES) role?: Role;
}

export class NamesQueryDto {
  @ApiProperty({
    description: 'Up to 100 user ids, comma-separated',
    example: '0b6f8c1e-8a51-4f4e-9c0e-2a7d0f6c1b11,5d2e…',
  })
  @Transform(({ value }: { value: unknown }) =>
    typeof value === 'string' ? [...new Set(value.split(',').filter(Boolean))] : value,
  )
  @IsArray({ message: 'ids: user ids separated by commas' })
  @ArrayMinSize(1, { message: 'ids: at least one user id' })
  @ArrayMaxSize(100, { message: 'ids: at most 100 user ids' })
  @IsUUID('all', { each: true, message: 'ids: each must be a user id (a UUID)' })
  ids!: string[];
}

export class UserNameDto {
  @ApiProperty() id!: string;
  @ApiProperty() username!: string;
}

const roles = [
  IsArray({ message: `roles: a list of ${ROLES.join(', ')}` }),
  ArrayMinSize(1, { message: 'roles: at least one role' }),
  ArrayMaxSize(ROLES.length),
  IsIn(ROLES, { each: true, message: `roles: each one of ${ROLES.join(', ')}` }),
];
const caveats = [
  IsArray({ message: `caveats: a list of ${CAPTIONS.join(', ')}` }),
  ArrayMaxSize(CAPTIONS.length),
  IsIn(CAPTIONS, { each: true, message: `caveats: each one of ${CAPTIONS.join(', ')}` }),
];
const clearance = IsIn(CLEARANCES, { message: `clearance: one of ${CLEARANCES.join(', ')}` });
const password = [
  IsString(),
  MinLength(MIN_PASSWORD, { message: `password: at least ${MIN_PASSWORD} characters` }),
  MaxLength(MAX_PASSWORD, { message: `password: at most ${MAX_PASSWORD} characters` }),
];
const apply =
  (...decorators: PropertyDecorator[]): PropertyDecorator =>
  (target, key) =>
    decorators.forEach((d) => d(target, key));

export class CreateUserDto {
  @ApiProperty({ example: 'reviewer7' })
  @IsString()
  @Matches(/^[a-z][a-z0-9._-]{1,63}$/, {
    message:
      'username: 2–64 characters, lower-case letters, digits, ".", "_" or "-", starting with a letter',
  })
  username!: string;

  @ApiProperty({ minLength: MIN_PASSWORD, maxLength: MAX_PASSWORD })
  @apply(...password)
  password!: string;

  @ApiProperty({ enum: ROLES, isArray: true, example: ['reviewer'] })
  @apply(...roles)
  roles!: Role[];

  @ApiProperty({ enum: CLEARANCES, example: 'SECRET' }) @clearance clearance!: string;

  @ApiPropertyOptional({ enum: CAPTIONS, isArray: true, example: ['EXDIS'] })
  @IsOptional()
  @apply(...caveats)
  caveats?: string[];
}

export class UpdateUserDto {
  @ApiPropertyOptional({ enum: ROLES, isArray: true })
  @IsOptional()
  @apply(...roles)
  roles?: Role[];

  @ApiPropertyOptional({ enum: CLEARANCES }) @IsOptional() @clearance clearance?: string;

  @ApiPropertyOptional({ enum: CAPTIONS, isArray: true })
  @IsOptional()
  @apply(...caveats)
  caveats?: string[];

  @ApiPropertyOptional({ description: 'false deactivates the user and ends their sessions' })
  @IsOptional()
  @IsBoolean({ message: 'active: true or false' })
  active?: boolean;
}

export class ResetPasswordDto {
  @ApiProperty({ minLength: MIN_PASSWORD, maxLength: MAX_PASSWORD })
  @apply(...password)
  password!: string;
}

export class UserDto extends UserProfileDto {
  @ApiProperty() active!: boolean;
}

export class AccessDto {
  @ApiProperty({ enum: ROLES, isArray: true }) roles!: string[];
  @ApiProperty({ enum: CLEARANCES }) clearance!: string;
  @ApiProperty({ enum: CAPTIONS, isArray: true }) caveats!: string[];
  @ApiProperty() active!: boolean;
}

export class ChangeRequestDto {
  @ApiProperty() id!: string;
  @ApiProperty() userId!: string;
  @ApiProperty() username!: string;
  @ApiProperty({ type: AccessDto, description: 'The account when the change was proposed' })
  before!: AccessDto;
  @ApiProperty({ type: AccessDto }) after!: AccessDto;
  @ApiProperty() proposedBy!: string;
  @ApiProperty() proposedAt!: string;
  @ApiProperty({ enum: ['APPROVED', 'REJECTED'], nullable: true, type: String })
  outcome!: string | null;
  @ApiProperty({ nullable: true, type: String }) decidedBy!: string | null;
  @ApiProperty({ nullable: true, type: String }) decidedAt!: string | null;
}

export class ChangeRequestPageDto {
  @ApiProperty({ type: [ChangeRequestDto] }) items!: ChangeRequestDto[];
  @ApiProperty() total!: number;
}

@ApiTags('users')
@ApiBearerAuth()
@Controller('api/users')
export class UsersController {
  constructor(
    private readonly users: UserDirectory,
    private readonly admin: UserAdminService,
  ) {}

  @Get()
  @Roles('supervisor', 'admin')
  @ApiOperation({
    summary: 'Active users, e.g. the reviewers a supervisor can assign (supervisor or admin)',
  })
  @ApiOkResponse({ type: [UserProfileDto] })
  list(@Query() query: UserQueryDto) {
    return this.users.list(query.role);
  }

  @Get('names')
  @ApiOperation({
    summary: 'The usernames of the people a review or its history names, for every signed-in role',
  })
  @ApiOkResponse({ type: [UserNameDto] })
  names(@Query() query: NamesQueryDto) {
    return this.users.namesOf(query.ids);
  }

  @Post()
  @Roles('admin')
  @ApiOperation({ summary: 'Create a user (admin); audited as USER_CREATED' })
  @ApiCreatedResponse({ type: UserDto })
  @ApiForbiddenResponse({ type: ErrorBodyDto })
  @ApiConflictResponse({ type: ErrorBodyDto, description: 'The username is taken' })
  create(@Body() body: CreateUserDto, @CurrentUser() actor: Actor) {
    return this.admin.create(body, actor);
  }

  @Patch(':id')
  @Roles('admin')
  @ApiOperation({
    summary:
      'Change roles, clearance, caveats or active (admin, not on yourself, granting no more than you hold); audited as USER_UPDATED or USER_DEACTIVATED. A change to an administrator’s powers waits for a second administrator: 202 with the waiting change, audited as USER_CHANGE_PROPOSED',
  })
  @ApiOkResponse({ type: UserDto })
  @ApiAcceptedResponse({ type: ChangeRequestDto })
  @ApiForbiddenResponse({ type: ErrorBodyDto })
  @ApiNotFoundResponse({ type: ErrorBodyDto })
  @ApiConflictResponse({
    type: ErrorBodyDto,
    description: 'A change to this account already waits',
  })
  async update(
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() body: UpdateUserDto,
    @CurrentUser() actor: Actor,
    @Res({ passthrough: true }) res: FastifyReply,
  ) {
    const outcome = await this.admin.update(id, body, actor);
    if ('user' in outcome) return outcome.user;
    void res.status(202);
    return outcome.pending;
  }

  @Get('changes')
  @Roles('admin')
  @ApiOperation({ summary: 'Changes to administrators waiting for a second administrator (admin)' })
  @ApiOkResponse({ type: ChangeRequestPageDto })
  @ApiForbiddenResponse({ type: ErrorBodyDto })
  pendingChanges(@Query() page: PagingDto, @CurrentUser() actor: Actor) {
    return this.admin.pendingChanges(page, actor);
  }

  @Post('changes/:changeId/approve')
  @Roles('admin')
  @HttpCode(200)
  @ApiOperation({
    summary:
      'Approve a waiting change (an administrator other than its proposer and the account); audited as USER_UPDATED with the change and its proposer',
  })
  @ApiOkResponse({ type: UserDto })
  @ApiForbiddenResponse({ type: ErrorBodyDto })
  @ApiNotFoundResponse({ type: ErrorBodyDto })
  @ApiConflictResponse({
    type: ErrorBodyDto,
    description: 'Already decided, or the account changed since it was proposed',
  })
  approveChange(
    @Param('changeId', new ParseUUIDPipe()) changeId: string,
    @CurrentUser() actor: Actor,
  ) {
    return this.admin.approveChange(changeId, actor);
  }

  @Post('changes/:changeId/reject')
  @Roles('admin')
  @HttpCode(204)
  @ApiOperation({
    summary: 'Reject or withdraw a waiting change (admin); audited as USER_CHANGE_REJECTED',
  })
  @ApiNoContentResponse()
  @ApiForbiddenResponse({ type: ErrorBodyDto })
  @ApiNotFoundResponse({ type: ErrorBodyDto })
  @ApiConflictResponse({ type: ErrorBodyDto, description: 'Already decided' })
  async rejectChange(
    @Param('changeId', new ParseUUIDPipe()) changeId: string,
    @CurrentUser() actor: Actor,
  ): Promise<void> {
    await this.admin.rejectChange(changeId, actor);
  }

  @Post(':id/password')
  @Roles('admin')
  @HttpCode(204)
  @ApiOperation({
    summary: "Set a user's password and end their sessions (admin); audited as PASSWORD_RESET",
  })
  @ApiNoContentResponse()
  @ApiForbiddenResponse({ type: ErrorBodyDto })
  @ApiNotFoundResponse({ type: ErrorBodyDto })
  async resetPassword(
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() body: ResetPasswordDto,
    @CurrentUser() actor: Actor,
  ): Promise<void> {
    await this.admin.resetPassword(id, body.password, actor);
  }
}
