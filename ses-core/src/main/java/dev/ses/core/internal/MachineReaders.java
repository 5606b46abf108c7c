package dev.ses.core.internal;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Tells opens and clicks made by machines (image prefetchers and privacy proxies that fetch every pixel, link
 * scanners that follow every link) from those made by people, so that open and click rates stay honest. A reader
 * is a machine when its user agent contains one of {@link #MARKERS}, compared case-insensitively; an unknown user
 * agent counts as a person. The list is short on purpose: it names the fetchers that say who they are, and a
 * label given by the tracking endpoint can replace it later.
 */
public final class MachineReaders {
    /** The user-agent fragments of known machine readers. */
    public static final List<String> MARKERS = List.of("googleimageproxy", "yahoomailproxy", "ymailproxy",
            "barracuda", "mimecast", "proofpoint", "symantec", "forcepoint", "safelinks", "bot", "crawler",
            "spider", "scanner", "prefetch", "preview", "curl/", "wget/", "python-requests", "java/",
            "go-http-client", "okhttp");

    private MachineReaders() {
    }

    /** Whether a reader's user agent names a machine. */
    public static boolean isMachine(Optional<String> userAgent) {
        if (userAgent.isEmpty()) {
            return false;
        }
        String ua = userAgent.get().toLowerCase(Locale.ROOT);
        for (String marker : MARKERS) {
            if (ua.contains(marker)) {
                return true;
            }
        }
        return false;
    }
}
