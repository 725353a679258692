import { createSecretKey } from 'node:crypto';
import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { JwtModule } from '@nestjs/jwt';
import { APP_CONFIG, type AppConfig } from '../config/config';
import { AuthGuard } from '../common/http/auth.guard';
import { Sessions } from '../kernel/sessions';
import { AccountStore } from './application/account.ports';
import { AuthService } from './application/auth.service';
import { UserAdminService } from './application/user-admin.service';
import { UserDirectory } from './application/user-directory';
import { AuthController } from './http/auth.controller';
import { UsersController } from './http/users.controller';
import { TypeOrmAccountStore } from './persistence/typeorm-account.store';
import { TypeOrmUserDirectory } from './persistence/typeorm-user.directory';

const jwt = JwtModule.registerAsync({
  inject: [APP_CONFIG],
  useFactory: (config: AppConfig) => ({
    // A key object, not the string: given a string, jsonwebtoken first tries to read it as a PEM
    // public key on every verification, which cost about half a millisecond a request.
    secret: createSecretKey(Buffer.from(config.jwtSecret, 'utf8')) as unknown as Buffer,
    signOptions: { algorithm: 'HS256' },
    verifyOptions: { algorithms: ['HS256'] },
  }),
});

const providers = [
  AuthService,
  UserAdminService,
  { provide: UserDirectory, useClass: TypeOrmUserDirectory },
  { provide: AccountStore, useClass: TypeOrmAccountStore },
];

@Module({
  imports: [jwt],
  controllers: [AuthController, UsersController],
  providers: [
    ...providers,
    { provide: Sessions, useExisting: AuthService },
    { provide: APP_GUARD, useClass: AuthGuard },
  ],
  exports: [AuthService, UserDirectory],
})
export class AuthModule {}

/** Users without HTTP: for the worker and the CLI. */
@Module({
  imports: [jwt],
  providers,
  exports: [AuthService, UserDirectory],
})
export class UsersModule {}
