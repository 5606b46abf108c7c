package dev.ses.core;

import dev.ses.core.internal.console.Credentials;
import dev.ses.core.spi.ConsoleAuthenticator;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * How the console ({@link Ses#console(ConsoleSettings)}) lets people in and what it shows them.
 *
 * <pre>{@code
 * ConsoleSettings settings = ConsoleSettings.builder()
 *         .passwordHash(ConsoleSettings.hashPassword(System.getenv("SES_CONSOLE_PASSWORD")))
 *         .accounts("acme")
 *         .build();
 * WebServer console = ses.serveConsole(settings);     // 127.0.0.1 on a free port
 * }</pre>
 *
 * <p>There is no access without the credential: either a token (a long random string the host hands to its
 * operators) or a password, stored only as a PBKDF2 hash ({@link #hashPassword}). Only the accounts named here are
 * shown; a console user cannot reach another account by changing the URL.
 *
 * <p>A host that mounts the console behind its own login sets {@link Builder#hostAuthentication} instead of a
 * credential: the console then asks it about every request and has no login page of its own.
 *
 * @param credential the encoded credential (a token digest or a PBKDF2 hash; see {@link Builder#token} and
 *                   {@link Builder#passwordHash}), empty when the host authenticates
 * @param accounts the accounts a console user may see, the first one opened after logging in
 * @param secureCookies whether the session cookie carries {@code Secure} (only sent over HTTPS); off only for a
 *                      console on plain-HTTP localhost
 * @param sessionTimeout how long a session lasts after logging in
 * @param pathPrefix where the console is mounted in a host's server, such as {@code /ses}, or empty for the root
 * @param bind where {@link Ses#serveConsole(ConsoleSettings)} listens
 * @param maxUploadBytes the largest request body {@link Ses#serveConsole(ConsoleSettings)} accepts (a CSV import)
 * @param hostAuthentication the host's authentication, which replaces the credential, if set
 */
public record ConsoleSettings(String credential, List<String> accounts, boolean secureCookies,
                              Duration sessionTimeout, String pathPrefix, InetSocketAddress bind,
                              int maxUploadBytes, Optional<ConsoleAuthenticator> hostAuthentication) {
    private static final Pattern ACCOUNT = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
    private static final Pattern PREFIX = Pattern.compile("(/[A-Za-z0-9._~-]+)*");

    /**
     * Checks the fields and copies the list.
     *
     * @param credential the encoded credential, empty when the host authenticates
     * @param accounts the accounts a console user may see, the first one opened after logging in
     * @param secureCookies whether the session cookie carries {@code Secure}
     * @param sessionTimeout how long a session lasts after logging in
     * @param pathPrefix where the console is mounted in a host's server, or empty for the root
     * @param bind where {@link Ses#serveConsole(ConsoleSettings)} listens
     * @param maxUploadBytes the largest request body {@link Ses#serveConsole(ConsoleSettings)} accepts
     * @param hostAuthentication the host's authentication, which replaces the credential, if set
     * @throws IllegalArgumentException for a credential that is not encoded, none at all, or both a credential and
     *                                  host authentication; for no account or a bad account name
     */
    public ConsoleSettings {
        Objects.requireNonNull(credential, "credential");
        Objects.requireNonNull(hostAuthentication, "hostAuthentication");
        if (hostAuthentication.isPresent() != credential.isEmpty()) {
            throw new IllegalArgumentException("credential: set either a credential or hostAuthentication, "
                    + "exactly one");
        }
        if (!credential.isEmpty() && !Credentials.isEncoded(credential)) {
            throw new IllegalArgumentException("credential must come from token(...) or hashPassword(...)");
        }
        accounts = List.copyOf(Objects.requireNonNull(accounts, "accounts"));
        if (accounts.isEmpty()) {
            throw new IllegalArgumentException("accounts: name at least one account the console shows");
        }
        for (String a : accounts) {
            if (!ACCOUNT.matcher(a).matches()) {
                throw new IllegalArgumentException("accounts: not an account name: " + a);
            }
        }
        Objects.requireNonNull(sessionTimeout, "sessionTimeout");
        Objects.requireNonNull(pathPrefix, "pathPrefix");
        Objects.requireNonNull(bind, "bind");
    }

    /**
     * The settings as before host authentication existed: a credential, no host authentication.
     *
     * @param credential the encoded credential
     * @param accounts the accounts a console user may see
     * @param secureCookies whether the session cookie carries {@code Secure}
     * @param sessionTimeout how long a session lasts after logging in
     * @param pathPrefix where the console is mounted, or empty for the root
     * @param bind where {@link Ses#serveConsole(ConsoleSettings)} listens
     * @param maxUploadBytes the largest request body {@link Ses#serveConsole(ConsoleSettings)} accepts
     * @throws IllegalArgumentException as the canonical constructor
     */
    public ConsoleSettings(String credential, List<String> accounts, boolean secureCookies, Duration sessionTimeout,
                           String pathPrefix, InetSocketAddress bind, int maxUploadBytes) {
        this(credential, accounts, secureCookies, sessionTimeout, pathPrefix, bind, maxUploadBytes,
                Optional.empty());
    }

    /** {@return a new builder} */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Hashes a password for {@link Builder#passwordHash}: PBKDF2 with HMAC-SHA256, 310,000 iterations and a random
     * 16-byte salt, written as {@code pbkdf2-sha256$<iterations>$<salt>$<hash>} (Base64). Takes about a tenth of a
     * second, on purpose; keep the result in the host's configuration instead of the password.
     *
     * @param password the password, at least 8 characters
     * @return the encoded hash, for {@link Builder#passwordHash}
     * @throws IllegalArgumentException for a password shorter than 8 characters
     */
    public static String hashPassword(String password) {
        return Credentials.hashPassword(password);
    }

    /** Settings of the console; each is checked when it is set. */
    public static final class Builder {
        private @Nullable String credential;
        private final List<String> accounts = new ArrayList<>();
        private boolean secureCookies = true;
        private Duration sessionTimeout = Duration.ofHours(8);
        private String pathPrefix = "";
        private InetSocketAddress bind = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
        private int maxUploadBytes = 4 << 20;
        private @Nullable ConsoleAuthenticator hostAuthentication;

        private Builder() {
        }

        /**
         * Lets in whoever types this token; only its SHA-256 digest is kept.
         *
         * @param value the token, at least 16 characters
         * @return this builder
         * @throws IllegalArgumentException for a token shorter than 16 characters
         * @throws IllegalStateException if a password hash was set already
         */
        public Builder token(String value) {
            requireNoCredential();
            this.credential = Credentials.token(Objects.requireNonNull(value, "token"));
            return this;
        }

        /**
         * Lets in whoever types the password that {@link ConsoleSettings#hashPassword} hashed to this value.
         *
         * @param value a hash from {@link ConsoleSettings#hashPassword}
         * @return this builder
         * @throws IllegalArgumentException if the value is not such a hash
         * @throws IllegalStateException if a token was set already
         */
        public Builder passwordHash(String value) {
            requireNoCredential();
            if (!Credentials.isPasswordHash(Objects.requireNonNull(value, "passwordHash"))) {
                throw new IllegalArgumentException("passwordHash must come from ConsoleSettings.hashPassword: "
                        + value.substring(0, Math.min(16, value.length())) + "...");
            }
            this.credential = value;
            return this;
        }

        /**
         * Lets the host authenticate every request instead of a credential, for a console mounted in the host's
         * server behind its own login: no login page, no session of the console's own; the form tokens are bound
         * to the principal's name. The host must refuse requests it has not authenticated.
         *
         * @param value the host's authentication
         * @return this builder
         * @throws IllegalStateException if a token or a password hash was set already
         */
        public Builder hostAuthentication(ConsoleAuthenticator value) {
            requireNoCredential();
            this.hostAuthentication = Objects.requireNonNull(value, "hostAuthentication");
            return this;
        }

        private void requireNoCredential() {
            if (credential != null || hostAuthentication != null) {
                throw new IllegalStateException("credential: set one of a token, a password hash or host "
                        + "authentication, not two");
            }
        }

        /**
         * Adds accounts that a console user may see.
         *
         * @param names the account names
         * @return this builder
         * @throws IllegalArgumentException for a name that is not an account name
         */
        public Builder accounts(String... names) {
            for (String n : names) {
                if (n == null || !ACCOUNT.matcher(n).matches()) {
                    throw new IllegalArgumentException("accounts: not an account name: " + n);
                }
                if (!accounts.contains(n)) {
                    accounts.add(n);
                }
            }
            return this;
        }

        /**
         * Whether the session cookie is {@code Secure}; default true. Turn it off only for plain-HTTP localhost.
         *
         * @param value whether the session cookie carries {@code Secure} (only sent over HTTPS); off only for a console
         *         on plain-HTTP localhost
         * @return this builder
         */
        public Builder secureCookies(boolean value) {
            this.secureCookies = value;
            return this;
        }

        /**
         * How long a session lasts; default 8 hours.
         *
         * @param value how long a session lasts after logging in
         * @return this builder
         * @throws IllegalArgumentException outside 1 minute to 7 days
         */
        public Builder sessionTimeout(Duration value) {
            Objects.requireNonNull(value, "sessionTimeout");
            if (value.compareTo(Duration.ofMinutes(1)) < 0 || value.compareTo(Duration.ofDays(7)) > 0) {
                throw new IllegalArgumentException("sessionTimeout must be 1 minute to 7 days: " + value);
            }
            this.sessionTimeout = value;
            return this;
        }

        /**
         * Where the console is mounted in the host's server, such as {@code /ses}; default the root.
         *
         * @param value where the console is mounted in a host's server, such as {@code /ses}, or empty for the root
         * @return this builder
         * @throws IllegalArgumentException for a value that is not {@code /segment[/segment...]}
         */
        public Builder pathPrefix(String value) {
            Objects.requireNonNull(value, "pathPrefix");
            if (!PREFIX.matcher(value).matches()) {
                throw new IllegalArgumentException("pathPrefix must be empty or /segment[/segment...]: " + value);
            }
            this.pathPrefix = value;
            return this;
        }

        /**
         * Where {@link Ses#serveConsole} listens; default 127.0.0.1 on a free port.
         *
         * @param value where {@link Ses#serveConsole(ConsoleSettings)} listens
         * @return this builder
         */
        public Builder bind(InetSocketAddress value) {
            this.bind = Objects.requireNonNull(value, "bind");
            return this;
        }

        /**
         * The largest request body {@link Ses#serveConsole} accepts; default 4 MiB.
         *
         * @param value the largest request body {@link Ses#serveConsole(ConsoleSettings)} accepts (a CSV import)
         * @return this builder
         * @throws IllegalArgumentException outside 64 KiB to 16 MiB
         */
        public Builder maxUploadBytes(int value) {
            if (value < 65_536 || value > 16 << 20) {
                throw new IllegalArgumentException("maxUploadBytes must be 65536..16777216: " + value);
            }
            this.maxUploadBytes = value;
            return this;
        }

        /**
         * {@return the settings, checked as a whole}
         *
         * @throws IllegalStateException without a credential or without an account
         */
        public ConsoleSettings build() {
            if (credential == null && hostAuthentication == null) {
                throw new IllegalStateException("credential: set a token(...), a passwordHash(...) or "
                        + "hostAuthentication(...)");
            }
            if (accounts.isEmpty()) {
                throw new IllegalStateException("accounts: name at least one account the console shows");
            }
            return new ConsoleSettings(credential == null ? "" : credential, accounts, secureCookies, sessionTimeout,
                    pathPrefix, bind, maxUploadBytes, Optional.ofNullable(hostAuthentication));
        }
    }
}
