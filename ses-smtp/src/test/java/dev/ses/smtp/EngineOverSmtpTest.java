package dev.ses.smtp;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import dev.ses.core.Attachment;
import dev.ses.core.MessageState;
import dev.ses.core.QuotaPolicy;
import dev.ses.core.RecipientGroup;
import dev.ses.core.SendRequest;
import dev.ses.core.SendTask;
import dev.ses.core.SenderDomain;
import dev.ses.core.Ses;
import dev.ses.core.SesAccount;
import dev.ses.core.StaticDnsResolver;
import dev.ses.core.TaskProgress;
import dev.ses.core.TaskRequest;
import dev.ses.core.TaskStatus;
import dev.ses.core.TemplateType;
import dev.ses.core.WarmupPolicy;
import jakarta.mail.BodyPart;
import jakarta.mail.Multipart;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The whole engine sending through SmtpTransport to GreenMail: a batch task and a regular send with attachment. */
class EngineOverSmtpTest {
    private final GreenMail greenMail = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
    private final StaticDnsResolver dns = new StaticDnsResolver();
    private Ses ses;

    private SesAccount start() {
        greenMail.start();
        ses = Ses.builder().transport(SmtpTransport.relay("127.0.0.1", greenMail.getSmtp().getPort()).build())
                .dns(dns).workers(0).quotas(QuotaPolicy.defaults().withWarmup(WarmupPolicy.none())).build();
        SesAccount acme = ses.account("acme");
        SenderDomain d = acme.domains().create("mail.acme.test");
        dns.publish(d);
        acme.domains().verify(d.name());
        acme.addresses().create(d.name(), "news", "艾克美 商店");
        return acme;
    }

    @AfterEach
    void stop() {
        if (ses != null) {
            ses.close();
        }
        greenMail.stop();
    }

    private static String text(MimeMessage m) throws Exception {
        Object content = m.getContent();
        if (content instanceof Multipart mp) {
            for (int i = 0; i < mp.getCount(); i++) {
                BodyPart part = mp.getBodyPart(i);
                if (part.isMimeType("text/plain")) {
                    return (String) part.getContent();
                }
                if (part.getContent() instanceof Multipart inner) {
                    for (int j = 0; j < inner.getCount(); j++) {
                        if (inner.getBodyPart(j).isMimeType("text/plain")) {
                            return (String) inner.getBodyPart(j).getContent();
                        }
                    }
                }
            }
        }
        return String.valueOf(content);
    }

    @Test
    void aBatchTaskArrivesCompletePersonalisedAndEncoded() throws Exception {
        SesAccount acme = start();
        RecipientGroup g = acme.groups().create("customers", "");
        acme.groups().importCsv(g.id(), new StringReader("email,name\nli@example.net,李四\nann@example.net,Ann\n"
                + "zoe@example.net,Zoë 😀\n"));
        long tpl = acme.templates().create("t", TemplateType.HTML, "<p>您好 {{name}}，订单已发货</p>").id();
        SendTask task = acme.tasks().create(TaskRequest.batch("news@mail.acme.test", g.id(), tpl, "你好 {{name}}"));

        ses.runDueWork();

        TaskProgress p = acme.tasks().progress(task.id());
        assertThat(p.status()).isEqualTo(TaskStatus.COMPLETED);
        assertThat(p.count(MessageState.DELIVERED)).isEqualTo(3);
        MimeMessage[] received = greenMail.getReceivedMessages();
        assertThat(received).hasSize(3);
        Map<String, MimeMessage> byRecipient = new HashMap<>();
        for (MimeMessage m : received) {
            assertThat(m.getAllRecipients()).hasSize(1);
            byRecipient.put(m.getAllRecipients()[0].toString(), m);
            assertThat(((InternetAddress) m.getFrom()[0]).getPersonal()).isEqualTo("艾克美 商店");
            assertThat(m.getHeader("DKIM-Signature")).isNotNull();
            assertThat(m.getMessageID()).endsWith("@mail.acme.test>");
        }
        assertThat(byRecipient.get("li@example.net").getSubject()).isEqualTo("你好 李四");
        assertThat(text(byRecipient.get("li@example.net"))).contains("您好 李四，订单已发货");
        assertThat(byRecipient.get("zoe@example.net").getSubject()).isEqualTo("你好 Zoë 😀");
    }

    @Test
    void aRegularSendWithAnAttachmentArrivesWhole() throws Exception {
        SesAccount acme = start();
        long tpl = acme.templates().create("t", TemplateType.TEXT, "Invoice for {{name}}").id();
        byte[] pdf = "%PDF-1.4 fake invoice ü".getBytes(StandardCharsets.UTF_8);
        acme.send(SendRequest.builder().from("news@mail.acme.test").template(tpl).subject("Rechnung für {{name}}")
                .variable("name", "Jürgen").to("j@example.net", "k@example.net").cc("c@example.net")
                .bcc("hidden@example.net").attach(new Attachment("Rechnung März.pdf", "application/pdf", pdf))
                .build());
        ses.runDueWork();

        MimeMessage[] received = greenMail.getReceivedMessages();
        assertThat(received).hasSize(4);
        MimeMessage m = received[0];
        assertThat(m.getSubject()).isEqualTo("Rechnung für Jürgen");
        assertThat(m.getHeader("To")[0]).contains("j@example.net").contains("k@example.net");
        assertThat(m.getHeader("Bcc")).isNull();
        Multipart mixed = (Multipart) m.getContent();
        BodyPart attachment = null;
        for (int i = 0; i < mixed.getCount(); i++) {
            if (mixed.getBodyPart(i).isMimeType("application/pdf")) {
                attachment = mixed.getBodyPart(i);
            }
        }
        assertThat(attachment).isNotNull();
        assertThat(attachment.getFileName()).isEqualTo("Rechnung März.pdf");
        assertThat(Arrays.equals(attachment.getInputStream().readAllBytes(), pdf)).isTrue();
    }
}
