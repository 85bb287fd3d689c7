using CertDesk.Data;
using CertDesk.Hosting;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace CertDesk.Features.Mail;

[Authorize(Policy = Policies.RunsProgram)]
public sealed class OutboxModel(CertDeskDbContext db) : PageModel
{
    /// <summary>A message as listed: the attachments by name only (their content stays in the database).</summary>
    public sealed record Row(DateTimeOffset CreatedAt, string To, string Subject, DateTimeOffset? SentAt, string? Transport, string? Error, IReadOnlyList<string> Attachments);

    public IReadOnlyList<Row> Messages { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct) =>
        Messages = await db.OutboxMessages.AsNoTracking().OrderByDescending(m => m.Id).Take(200)
            .Select(m => new Row(m.CreatedAt, m.To, m.Subject, m.SentAt, m.Transport, m.Error, m.Attachments.OrderBy(a => a.Id).Select(a => a.FileName).ToList()))
            .ToListAsync(ct);
}
