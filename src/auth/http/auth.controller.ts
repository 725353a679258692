import { Body, Controller, Get, HttpCode, Post, Req } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiProperty,
  ApiTags,
  ApiTooManyRequestsResponse,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import { IsString, MaxLength, MinLength } from 'class-validator';
import type { FastifyRequest } from 'fastify';
import { AuthService } from '../application/auth.service';
import { Clock } from '../../kernel/clock';
import { CurrentSession, CurrentUser, Public } from '../../common/http/auth.guard';
import { ErrorBodyDto } from '../../common/http/error-body.dto';
import type { Actor } from '../../kernel/actor';

export class LoginDto {
  @ApiProperty({ example: 'reviewer1' })
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  username!: string;

  @ApiProperty({ example: 'correct horse battery staple' })
  @IsString()
  @MinLength(1)
  @MaxLength(1000)
  password!: string;
}

export class UserProfileDto {
  @ApiProperty() id!: string;
  @ApiProperty() username!: string;
  @ApiProperty({ type: [String], example: ['reviewer'] }) roles!: string[];
  @ApiProperty({ example: 'SECRET' }) clearance!: string;
  @ApiProperty({ type: [String], example: ['EXDIS'] }) caveats!: string[];
}

export class AgencyDayDto {
  @ApiProperty({ example: 'America/New_York' }) timeZone!: string;
  @ApiProperty({ example: '2026-12-07', description: 'The date now in that time zone' })
  today!: string;
}

export class MeDto extends UserProfileDto {
  @ApiProperty({ description: 'Every day the law counts begins and ends in this time zone' })
  agency!: AgencyDayDto;
}

export class RefreshDto {
  @ApiProperty({ description: 'The refresh token of the last login or refresh' })
  @IsString()
  @MinLength(1)
  @MaxLength(4096)
  refreshToken!: string;
}

export class LoginResultDto {
  @ApiProperty({ description: 'Bearer token for the API' }) accessToken!: string;
  @ApiProperty({
    description:
      'Trades once for new tokens at POST /api/auth/refresh; presenting it a second time ends the session',
  })
  refreshToken!: string;
  @ApiProperty({ description: 'Seconds until the access token expires' }) expiresIn!: number;
  @ApiProperty({ type: UserProfileDto }) user!: UserProfileDto;
}

@ApiTags('auth')
@Controller('api/auth')
export class AuthController {
  constructor(
    private readonly auth: AuthService,
    private readonly clock: Clock,
  ) {}

  @Public()
  @Post('login')
  @HttpCode(200)
  @ApiOperation({ summary: 'Exchange a username and password for a bearer token' })
  @ApiOkResponse({ type: LoginResultDto })
  @ApiUnauthorizedResponse({ type: ErrorBodyDto })
  @ApiTooManyRequestsResponse({
    type: ErrorBodyDto,
    description: 'Too many failed logins for the username or from the address; see Retry-After',
  })
  login(@Body() body: LoginDto, @Req() req: FastifyRequest) {
    return this.auth.login(body.username, body.password, req.ip ?? null);
  }

  @Public()
  @Post('refresh')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Trade a refresh token for a new access token and a new refresh token',
  })
  @ApiOkResponse({ type: LoginResultDto })
  @ApiUnauthorizedResponse({ type: ErrorBodyDto })
  refresh(@Body() body: RefreshDto, @Req() req: FastifyRequest) {
    return this.auth.refresh(body.refreshToken, req.ip ?? null);
  }

  @Post('logout')
  @HttpCode(204)
  @ApiBearerAuth()
  @ApiOperation({ summary: 'End this session: its access and refresh tokens stop working now' })
  @ApiNoContentResponse()
  async logout(
    @CurrentUser() actor: Actor,
    @CurrentSession() sessionId: string,
    @Req() req: FastifyRequest,
  ): Promise<void> {
    await this.auth.logout({ actor, sessionId }, req.ip ?? null);
  }

  @Get('me')
  @ApiBearerAuth()
  @ApiOperation({
    summary: "The user the token belongs to, as they are now, and the agency's day and time zone",
  })
  @ApiOkResponse({ type: MeDto })
  me(@CurrentUser() actor: Actor): MeDto {
    return { ...actor, agency: { timeZone: this.clock.timeZone, today: this.clock.today() } };
  }
}
