import { Body, Controller, Get, HttpCode, Post, Req } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiOkResponse,
  ApiOperation,
  ApiProperty,
  ApiTags,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import { IsString, MaxLength, MinLength } from 'class-validator';
import type { Request } from 'express';
import { AuthService } from '../application/auth.service';
import { CurrentUser, Public } from '../../common/http/auth.guard';
import { ErrorBodyDto } from '../../common/http/error-body.dto';
import type { Actor } from '../../review/domain';

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

export class LoginResultDto {
  @ApiProperty() accessToken!: string;
  @ApiProperty({ description: 'Seconds until the token expires' }) expiresIn!: number;
  @ApiProperty({ type: UserProfileDto }) user!: UserProfileDto;
}

@ApiTags('auth')
@Controller('api/auth')
export class AuthController {
  constructor(private readonly auth: AuthService) {}

  @Public()
  @Post('login')
  @HttpCode(200)
  @ApiOperation({ summary: 'Exchange a username and password for a bearer token' })
  @ApiOkResponse({ type: LoginResultDto })
  @ApiUnauthorizedResponse({ type: ErrorBodyDto })
  login(@Body() body: LoginDto, @Req() req: Request) {
    return this.auth.login(body.username, body.password, req.ip ?? null);
  }

  @Get('me')
  @ApiBearerAuth()
  @ApiOperation({ summary: 'The user the token belongs to, as they are now' })
  @ApiOkResponse({ type: UserProfileDto })
  me(@CurrentUser() actor: Actor) {
    return actor;
  }
}
