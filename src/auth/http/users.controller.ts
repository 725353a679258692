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
} from '@nestjs/common';
import {
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
  Matches,
  MaxLength,
  MinLength,
} from 'class-validator';
import { CurrentUser, Roles } from '../../common/http/auth.guard';
import { ErrorBodyDto } from '../../common/http/error-body.dto';
import { CAPTIONS, CLEARANCES, ROLES, type Actor, type Role } from '../../review/domain';
import { MAX_PASSWORD, MIN_PASSWORD } from '../application/password';
import { UserAdminService } from '../application/user-admin.service';
import { UserDirectory } from '../application/user-directory';
import { UserProfileDto } from './auth.controller';

export class UserQueryDto {
  @ApiPropertyOptional({ enum: ROLES }) @IsOptional() @IsIn(ROLES) role?: Role;
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
      'Change roles, clearance, caveats or active (admin, not on yourself); audited as USER_UPDATED or USER_DEACTIVATED',
  })
  @ApiOkResponse({ type: UserDto })
  @ApiForbiddenResponse({ type: ErrorBodyDto })
  @ApiNotFoundResponse({ type: ErrorBodyDto })
  update(
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() body: UpdateUserDto,
    @CurrentUser() actor: Actor,
  ) {
    return this.admin.update(id, body, actor);
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
