import { Controller, Get, Query } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiOkResponse,
  ApiOperation,
  ApiPropertyOptional,
  ApiTags,
} from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { Roles } from '../../common/http/auth.guard';
import { ROLES, type Role } from '../../review/domain';
import { UserDirectory } from '../application/user-directory';
import { UserProfileDto } from './auth.controller';

export class UserQueryDto {
  @ApiPropertyOptional({ enum: ROLES }) @IsOptional() @IsIn(ROLES) role?: Role;
}

@ApiTags('users')
@ApiBearerAuth()
@Controller('api/users')
export class UsersController {
  constructor(private readonly users: UserDirectory) {}

  @Get()
  @Roles('supervisor', 'admin')
  @ApiOperation({
    summary: 'Active users, e.g. the reviewers a supervisor can assign (supervisor or admin)',
  })
  @ApiOkResponse({ type: [UserProfileDto] })
  list(@Query() query: UserQueryDto) {
    return this.users.list(query.role);
  }
}
