package dev.ses.core.internal;

import dev.ses.core.ReaderKind;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Judges who made a tracking hit. In order: a HEAD request is a link scanner's (a person's mail client fetches with
 * GET); Gmail's image proxy names itself ({@code GoogleImageProxy}); Apple Mail Privacy Protection fetches from
 * Apple's network (17.0.0.0/8) with the bare agent {@code Mozilla/5.0}; a click within the scanner window of the
 * delivery, or by an agent naming a mail security product, is a scanner's; any other agent with one of
 * {@link MachineReaders#MARKERS} is another machine; everything else is a person.
 */
final class Readers {
    private static final List<String> SCANNERS = List.of("barracuda", "mimecast", "proofpoint", "symantec",
            "forcepoint", "safelinks", "scanner", "trendmicro", "sophos");

    private Readers() {
    }

    static ReaderKind judge(String method, boolean click, Optional<String> userAgent, Optional<String> ip,
                            Optional<Instant> deliveredAt, Instant now, Duration scannerWindow) {
        String ua = userAgent.orElse("").strip();
        String lower = ua.toLowerCase(Locale.ROOT);
        if (method.equals("HEAD")) {
            return click ? ReaderKind.LINK_SCANNER : ReaderKind.OTHER_MACHINE;
        }
        if (lower.contains("googleimageproxy")) {
            return ReaderKind.GMAIL_IMAGE_PROXY;
        }
        if (!click && (ua.equals("Mozilla/5.0") || ip.map(a -> a.startsWith("17.") && a.indexOf(':') < 0)
                .orElse(false))) {
            return ReaderKind.APPLE_PRIVACY_PREFETCH;
        }
        if (click && deliveredAt.isPresent() && !now.isBefore(deliveredAt.get())
                && Duration.between(deliveredAt.get(), now).compareTo(scannerWindow) < 0) {
            return ReaderKind.LINK_SCANNER;
        }
        for (String marker : SCANNERS) {
            if (lower.contains(marker)) {
                return ReaderKind.LINK_SCANNER;
            }
        }
        return MachineReaders.isMachine(userAgent) ? ReaderKind.OTHER_MACHINE : ReaderKind.HUMAN;
    }
}
