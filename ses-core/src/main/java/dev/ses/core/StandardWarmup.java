package dev.ses.core;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The reproduced service's warm-up plan; see {@link WarmupPolicy#standard()}. */
final class StandardWarmup implements WarmupPolicy {
    private static final long[] STANDARD = {500, 1_000, 2_000, 5_000, 10_000, 20_000, 40_000, 60_000, 80_000,
        100_000, 150_000, 200_000, 300_000, 400_000, 500_000, 600_000, 700_000, 800_000, 900_000, 1_000_000};
    static final StandardWarmup INSTANCE = new StandardWarmup(STANDARD);
    private static final long JUDGED_VOLUME = 300;

    private final long[] limits;

    StandardWarmup(long[] limits) {
        if (limits.length == 0) {
            throw new IllegalArgumentException("limits must not be empty");
        }
        for (int i = 0; i < limits.length; i++) {
            if (limits[i] <= 0 || i > 0 && limits[i] < limits[i - 1]) {
                throw new IllegalArgumentException("limits must be positive and not decreasing: "
                        + java.util.Arrays.toString(limits));
            }
        }
        this.limits = limits == STANDARD ? limits : limits.clone();
    }

    @Override
    public int maxLevel() {
        return limits.length;
    }

    @Override
    public long dailyLimit(int level) {
        return limits[Math.max(1, Math.min(level, limits.length)) - 1];
    }

    @Override
    public Verdict judgeDay(int level, DayStats d) {
        if (d.sent() > JUDGED_VOLUME) {
            List<String> bad = new ArrayList<>();
            if (d.invalidRate() > 0.09) {
                bad.add("invalid-address rate " + WarmupPolicy.percent(d.invalidRate()) + " > 9%");
            }
            if (d.deliveryRate() < 0.65) {
                bad.add("delivery rate " + WarmupPolicy.percent(d.deliveryRate()) + " < 65%");
            }
            if (d.spamBounceRate() > 0.05) {
                bad.add("spam-bounce rate " + WarmupPolicy.percent(d.spamBounceRate()) + " > 5%");
            }
            if (d.complaintRate() > 0.005) {
                bad.add("complaint rate " + WarmupPolicy.percent(d.complaintRate()) + " > 0.5%");
            }
            if (!bad.isEmpty()) {
                return level <= 1 ? new Verdict(1, "stays at level 1: " + String.join(", ", bad))
                        : new Verdict(level - 1, "down to level " + (level - 1) + ": " + String.join(", ", bad));
            }
        }
        long limit = dailyLimit(level);
        boolean volume = d.sent() * 10 >= limit * 7;
        boolean clean = d.invalidRate() < 0.05 && d.spamBounceRate() < 0.025;
        boolean good = d.deliveryRate() > 0.90 && d.complaintRate() < 0.001 && (clean || d.openRate() > 0.5);
        if (volume && good && level < maxLevel()) {
            return new Verdict(level + 1, "up to level " + (level + 1) + ": sent " + d.sent() + " of " + limit
                    + " (>= 70%), delivery rate " + WarmupPolicy.percent(d.deliveryRate()) + ", complaint rate "
                    + WarmupPolicy.percent(d.complaintRate()));
        }
        return new Verdict(level, "");
    }

    @Override
    public Optional<String> blockNow(int level, DayStats today) {
        if (today.sent() <= JUDGED_VOLUME) {
            return Optional.empty();
        }
        if (today.invalidRate() > 0.11) {
            return Optional.of("blocked for the rest of the day: invalid-address rate "
                    + WarmupPolicy.percent(today.invalidRate()) + " > 11%");
        }
        if (today.spamBounceRate() > 0.15) {
            return Optional.of("blocked for the rest of the day: spam-bounce rate "
                    + WarmupPolicy.percent(today.spamBounceRate()) + " > 15%");
        }
        return Optional.empty();
    }

    @Override
    public String toString() {
        return limits == STANDARD ? "WarmupPolicy.standard()" : "WarmupPolicy.table("
                + java.util.Arrays.toString(limits) + ")";
    }
}
