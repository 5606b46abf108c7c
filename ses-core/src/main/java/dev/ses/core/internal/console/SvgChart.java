package dev.ses.core.internal.console;

import java.util.List;
import java.util.Locale;

/**
 * A daily line chart as inline SVG, drawn by hand: no chart library offers SVG without dragging test or desktop
 * dependencies in, and a few lines and circles need none. Colours come from the stylesheet by class (the CSP
 * forbids inline styles); each point carries its day and value as {@code data-} attributes and a tooltip.
 */
final class SvgChart {
    private static final int WIDTH = 760;
    private static final int HEIGHT = 220;
    private static final int LEFT = 48;
    private static final int RIGHT = 12;
    private static final int TOP = 12;
    private static final int BOTTOM = 28;

    /** One line: its name, a CSS class, and a value per day. */
    record Series(String name, String cssClass, long[] values) {
    }

    private SvgChart() {
    }

    static void draw(Html h, String id, List<String> days, List<Series> series) {
        long max = 1;
        for (Series s : series) {
            for (long v : s.values()) {
                max = Math.max(max, v);
            }
        }
        int plotW = WIDTH - LEFT - RIGHT;
        int plotH = HEIGHT - TOP - BOTTOM;
        h.raw("<figure class=\"chart\"><svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\"").attr("id", id)
                .attr("viewBox", "0 0 " + WIDTH + " " + HEIGHT).attr("width", WIDTH).attr("height", HEIGHT).raw(">")
                .raw("<line class=\"axis\"").attr("x1", LEFT).attr("y1", TOP + plotH).attr("x2", LEFT + plotW)
                .attr("y2", TOP + plotH).raw("/><line class=\"axis\"").attr("x1", LEFT).attr("y1", TOP)
                .attr("x2", LEFT).attr("y2", TOP + plotH).raw("/>")
                .raw("<text class=\"tick\" text-anchor=\"end\"").attr("x", LEFT - 6).attr("y", TOP + 4).raw(">")
                .text(max).raw("</text><text class=\"tick\" text-anchor=\"end\"").attr("x", LEFT - 6)
                .attr("y", TOP + plotH + 4).raw(">0</text>");
        int n = days.size();
        int labelEvery = Math.max(1, (n + 7) / 8);
        for (int i = 0; i < n; i++) {
            if (i % labelEvery == 0 || i == n - 1) {
                h.raw("<text class=\"tick\" text-anchor=\"middle\"").attr("x", fmt(x(i, n, plotW)))
                        .attr("y", HEIGHT - 8).raw(">").text(days.get(i).substring(5)).raw("</text>");
            }
        }
        for (Series s : series) {
            StringBuilder points = new StringBuilder();
            for (int i = 0; i < n; i++) {
                points.append(i == 0 ? "" : " ").append(fmt(x(i, n, plotW))).append(',')
                        .append(fmt(y(s.values()[i], max, plotH)));
            }
            h.raw("<polyline").attr("class", "line " + s.cssClass()).attr("points", points).raw("/>");
            for (int i = 0; i < n; i++) {
                long v = s.values()[i];
                h.raw("<circle").attr("class", "pt " + s.cssClass()).attr("cx", fmt(x(i, n, plotW)))
                        .attr("cy", fmt(y(v, max, plotH))).raw(" r=\"3\"").attr("data-series", s.name())
                        .attr("data-day", days.get(i)).attr("data-value", v).raw("><title>").text(days.get(i) + " "
                                + s.name() + ": " + v).raw("</title></circle>");
            }
        }
        h.raw("</svg><figcaption>");
        for (Series s : series) {
            h.raw("<span").attr("class", "key " + s.cssClass()).raw(">").text(s.name()).raw("</span>");
        }
        h.raw("</figcaption></figure>");
    }

    private static double x(int i, int n, int plotW) {
        return n <= 1 ? LEFT + plotW / 2.0 : LEFT + (double) plotW * i / (n - 1);
    }

    private static double y(long v, long max, int plotH) {
        return TOP + plotH - (double) plotH * v / max;
    }

    private static String fmt(double d) {
        return String.format(Locale.ROOT, "%.1f", d);
    }
}
