import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { JwtModule } from '@nestjs/jwt';
import { APP_CONFIG, type AppConfig } from '../config/config';
import { AuthGuard } from '../common/http/auth.guard';
import { AuthService } from './application/auth.service';
import { UserDirectory } from './application/user-directory';
import { AuthController } from './http/auth.controller';
import { UsersController } from './http/users.controller';
import { TypeOrmUserDirectory } from './persistence/typeorm-user.directory';

@Module({
  imports: [
    JwtModule.registerAsync({
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => ({
        secret: config.jwtSecret,
        signOptions: { algorithm: 'HS256' },
        verifyOptions: { algorithms: ['HS256'] },
      }),
    }),
  ],
  controllers: [AuthController, UsersController],
  providers: [
    AuthService,
    { provide: UserDirectory, useClass: TypeOrmUserDirectory },
    { provide: APP_GUARD, useClass: AuthGuard },
  ],
  exports: [AuthService, UserDirectory],
})
export class AuthModule {}

/** Users without HTTP: for the worker and the CLI. */
@Module({
  imports: [
    JwtModule.registerAsync({
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => ({ secret: config.jwtSecret }),
    }),
  ],
  providers: [AuthService, { provide: UserDirectory, useClass: TypeOrmUserDirectory }],
  exports: [AuthService, UserDirectory],
})
export class UsersModule {}
