using MailKit.Net.Smtp;
using MailKit.Security;
using MimeKit;

namespace CertDesk.Features.Mail;

/// <summary>Delivers queued messages: over SMTP (MailKit) when a host is configured, else as .eml files in the pickup folder.</summary>
public sealed class MailDelivery(CertDeskDbContext db, IOptions<MailOptions> options, TimeProvider clock)
{
    public const int MaxAttempts = 5;

    public async Task<int> DeliverPendingAsync(CancellationToken ct)
    {
        var settings = options.Value;
        var pending = await db.OutboxMessages.Include(m => m.Attachments).Where(m => m.SentAt == null && m.Attempts < MaxAttempts).OrderBy(m => m.Id).Take(50).ToListAsync(ct);
        if (pending.Count == 0)
        {
            return 0;
        }
        SmtpClient? smtp = null;
        var sent = 0;
        try
        {
            foreach (var message in pending)
            {
                message.Attempts++;
                try
                {
                    var mime = Build(settings, message);
                    if (string.IsNullOrWhiteSpace(settings.Host))
                    {
                        Directory.CreateDirectory(settings.PickupDirectory);
                        var path = Path.Combine(settings.PickupDirectory, $"{message.Id:N}.eml");
                        await mime.WriteToAsync(PickupFormat, path, ct);
                        message.Transport = "pickup";
                    }
                    else
                    {
                        if (smtp is null)
                        {
                            smtp = new SmtpClient();
                            await smtp.ConnectAsync(settings.Host, settings.Port, Protection(settings.EffectiveSecurity), ct);
                            if (!string.IsNullOrEmpty(settings.UserName))
                            {
                                await smtp.AuthenticateAsync(settings.UserName, settings.Password ?? "", ct);
                            }
                        }
                        await smtp.SendAsync(mime, ct);
                        message.Transport = "smtp";
                    }
                    message.SentAt = clock.GetUtcNow();
                    message.Error = null;
                    sent++;
                }
                catch (Exception e) when (e is IOException or System.Net.Sockets.SocketException or SmtpCommandException or SmtpProtocolException or AuthenticationException or ParseException or UnauthorizedAccessException or NotSupportedException or SslHandshakeException)
                {
                    message.Error = e.Message.Length > 1000 ? e.Message[..1000] : e.Message;
                }
            }
        }
        finally
        {
            if (smtp is not null)
            {
                if (smtp.IsConnected)
                {
                    await smtp.DisconnectAsync(quit: true, CancellationToken.None);
                }
                smtp.Dispose();
            }
            db.Audit.Actor = "system:mail";
            await db.SaveChangesAsync(ct);
        }
        return sent;
    }

    /// <summary>An .eml file as RFC 5322 wants it: every line ends with CRLF, whatever the platform.</summary>
    public static readonly FormatOptions PickupFormat = new() { NewLineFormat = NewLineFormat.Dos };

    /// <summary>StartTls fails (NotSupportedException) when the server offers no STARTTLS: the password is never sent in clear.</summary>
    private static SecureSocketOptions Protection(MailSecurity security) => security switch
    {
        MailSecurity.SslOnConnect => SecureSocketOptions.SslOnConnect,
        MailSecurity.None => SecureSocketOptions.None,
        _ => SecureSocketOptions.StartTls,
    };

    /// <summary>
    /// The MIME message. The text and an HTML rendering of it (<see cref="MailHtml"/>, links clickable) are alternatives. Attachments go in a multipart/mixed after the text; a calendar (<c>text/calendar</c>) is also
    /// offered as an alternative of the text (multipart/alternative), which is where mail clients look for an invite
    /// to show with its accept and decline buttons (iMIP, RFC 6047: the part's method parameter is the calendar's METHOD).
    /// </summary>
    public static MimeMessage Build(MailOptions settings, OutboxMessage message)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(message);
        var mime = new MimeMessage();
        mime.From.Add(MailboxAddress.Parse(settings.From));
        mime.To.Add(MailboxAddress.Parse(message.To));
        mime.Subject = message.Subject;
        mime.MessageId = $"{message.Id:N}@certdesk";
        mime.Date = message.CreatedAt;
        var alternative = new MultipartAlternative
        {
            new TextPart("plain") { Text = message.Body },
            new TextPart("html") { Text = MailHtml.Render(message.Subject, message.Body) },
        };
        if (message.Attachments.Count == 0)
        {
            mime.Body = alternative;
            return mime;
        }
        var attachments = message.Attachments.OrderBy(a => a.Id).ToList();
        foreach (var calendar in attachments.Where(a => IsCalendar(a.ContentType)))
        {
            alternative.Add(Part(calendar, asFile: false));
        }
        MimeEntity main = alternative;
        var mixed = new Multipart("mixed") { main };
        foreach (var attachment in attachments)
        {
            mixed.Add(Part(attachment, asFile: true));
        }
        mime.Body = mixed;
        return mime;
    }

    private static bool IsCalendar(string contentType) =>
        ContentType.TryParse(contentType, out var type) && type.IsMimeType("text", "calendar");

    private static MimePart Part(OutboxAttachment attachment, bool asFile)
    {
        var type = ContentType.Parse(attachment.ContentType);
        if (asFile)
        {
            type.Name = attachment.FileName;
        }
        var part = new MimePart(type)
        {
            Content = new MimeContent(new MemoryStream(attachment.Content, writable: false)),
            ContentTransferEncoding = ContentEncoding.Base64,
        };
        if (asFile)
        {
            part.ContentDisposition = new ContentDisposition(ContentDisposition.Attachment) { FileName = attachment.FileName };
        }
        return part;
    }
}
