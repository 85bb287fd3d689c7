using CertDesk.Domain;
using CertDesk.Domain.Credentials;

namespace CertDesk.Features.Enrollments;

/// <summary>
/// Enrollments and what happens in them: stage moves (who and when), study hours and exam attempts (on a pass,
/// <see cref="CredentialIssuance"/>). Expenses are <see cref="ExpenseService"/>'s. Every command checks who may do it
/// and writes nothing when refused.
/// </summary>
public sealed class EnrollmentService(
    CertDeskDbContext db, OrganizationScope scope, ICompletionRules completionRules, CredentialIssuance issuance, IEnumerable<ICompletionListener> completionListeners,
    IOptions<FollowOptions> options, TimeProvider clock)
{
    private FollowOptions Options => options.Value;

    public DateOnly Today => DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);

    /// <summary>Someone above the person in the org chart (not the person), or an organization-wide role.</summary>
    public async Task<bool> IsAboveAsync(Caller caller, Guid employeeId, CancellationToken ct) =>
        caller.EmployeeId != employeeId && (caller.IsOrganizationWide || (caller.IsIn(Roles.Manager) && await scope.CanSeeAsync(caller, employeeId, ct)));

    public async Task<IQueryable<Enrollment>> VisibleAsync(Caller caller, CancellationToken ct)
    {
        var visible = await scope.VisibleEmployeeIdsAsync(caller, ct);
        var query = db.Enrollments.AsNoTracking();
        return visible is null ? query : query.Where(e => visible.Contains(e.EmployeeId));
    }

    /// <summary>The enrollment to change (tracked, with its certification and person), or not found outside the caller's scope.</summary>
    internal async Task<Outcome<Enrollment>> FindAsync(Caller caller, Guid id, CancellationToken ct)
    {
        var enrollment = await db.Enrollments.Include(e => e.Certification).Include(e => e.Employee).FirstOrDefaultAsync(e => e.Id == id, ct);
        if (enrollment is null || !await scope.CanSeeAsync(caller, enrollment.EmployeeId, ct))
        {
            return Outcome<Enrollment>.NotFound();
        }
        return Outcome<Enrollment>.Ok(enrollment);
    }

    public async Task<EnrollmentDto?> GetAsync(Caller caller, Guid id, CancellationToken ct)
    {
        var query = await VisibleAsync(caller, ct);
        var list = await LoadAsync(query.Where(e => e.Id == id), ct);
        return list.Count == 0 ? null : (await ToDtosAsync(list, full: true, ct))[0];
    }

    public async Task<(IReadOnlyList<EnrollmentDto> Items, int Total)> ListAsync(Caller caller, Guid? employeeId, string? status, int? page, int? pageSize, CancellationToken ct)
    {
        var query = await VisibleAsync(caller, ct);
        if (employeeId is { } who)
        {
            query = query.Where(e => e.EmployeeId == who);
        }
        if (EnrollmentLifecycle.TryParse(status, out var s))
        {
            query = query.Where(e => e.Status == s);
        }
        var total = await query.CountAsync(ct);
        var (skip, take) = ApiResults.Window(page, pageSize);
        // Version 7 ids sort by creation time (SQLite cannot order DateTimeOffset columns).
        var ids = await query.OrderByDescending(e => e.Id).Skip(skip).Take(take).Select(e => e.Id).ToListAsync(ct);
        var list = await LoadAsync(db.Enrollments.AsNoTracking().Where(e => ids.Contains(e.Id)), ct);
        var dtos = await ToDtosAsync(list, full: false, ct);
        return ([.. dtos.OrderBy(d => ids.IndexOf(d.Id))], total);
    }

    private static async Task<List<Enrollment>> LoadAsync(IQueryable<Enrollment> query, CancellationToken ct) =>
        await query.Include(e => e.Employee).Include(e => e.Certification).Include(e => e.Transitions).Include(e => e.StudyLogs)
            .Include(e => e.Expenses).Include(e => e.Attempts).AsSplitQuery().ToListAsync(ct);

    private async Task<List<EnrollmentDto>> ToDtosAsync(List<Enrollment> list, bool full, CancellationToken ct)
    {
        var ids = list.Select(e => e.Id).ToList();
        var credentials = await db.Credentials.AsNoTracking().Where(c => c.EnrollmentId != null && ids.Contains(c.EnrollmentId.Value))
            .Select(c => new { c.Id, EnrollmentId = c.EnrollmentId!.Value }).ToDictionaryAsync(c => c.EnrollmentId, c => c.Id, ct);
        // File metadata only: the receipts' bytes stay in the database.
        var receiptIds = list.SelectMany(e => e.Expenses).Where(x => x.ReceiptId != null).Select(x => x.ReceiptId!.Value).ToList();
        var receipts = await db.EvidenceFiles.AsNoTracking().Where(f => receiptIds.Contains(f.Id))
            .Select(f => new EvidenceFile { Id = f.Id, FileName = f.FileName, ContentType = f.ContentType, Length = f.Length, Sha256 = f.Sha256 })
            .ToDictionaryAsync(f => f.Id, ct);
        foreach (var x in list.SelectMany(e => e.Expenses))
        {
            x.Receipt = x.ReceiptId is { } r ? receipts.GetValueOrDefault(r) : null;
        }
        var result = new List<EnrollmentDto>();
        var allRules = await completionRules.ForAllAsync(list, ct);
        foreach (var e in list)
        {
            var rules = allRules[e.Id];
            var passed = e.Attempts.Where(a => a.Passed).OrderBy(a => a.TakenOn).FirstOrDefault();
            var best = e.Attempts.Count == 0 ? (decimal?)null : e.Attempts.Max(a => a.Score);
            var completion = CompletionCheck.Evaluate(rules, e.Status, passed?.TakenOn, best, Today, e.Attempts.Count);
            var hours = e.StudyLogs.Sum(s => s.Hours);
            var approved = e.Expenses.Where(x => x.State == ExpenseState.Approved).Sum(x => x.Amount);
            var fees = e.Attempts.Sum(a => a.Fee ?? 0);
            var studyCost = Money.Round(hours * (e.Employee?.HourlyLoadedCost ?? 0));
            result.Add(new EnrollmentDto(
                Id: e.Id,
                EmployeeId: e.EmployeeId,
                EmployeeNumber: e.Employee!.EmployeeNumber,
                EmployeeName: e.Employee.FullName,
                CertificationId: e.CertificationId,
                CertificationCode: e.Certification!.Code,
                CertificationName: e.Certification.Name,
                Status: EnrollmentLifecycle.Name(e.Status),
                NextStatuses: [.. EnrollmentLifecycle.Next(e.Status).Select(EnrollmentLifecycle.Name)],
                Origin: e.Origin,
                PlannedStart: e.PlannedStart,
                Deadline: e.Deadline,
                ExamDate: e.ExamDate,
                PassMark: e.PassMark,
                MinimumScore: e.MinimumScore,
                StudyHours: hours,
                ApprovedExpenses: approved,
                ExamFees: fees,
                StudyTimeCost: studyCost,
                RealCost: approved + fees + studyCost,
                Completion: new CompletionDto(completion.State switch { CompletionState.Met => "met", CompletionState.NotMet => "not_met", _ => "pending" }, completion.Reasons, rules.Source, rules.Deadline, rules.RequirePass, rules.MinimumScore),
                CredentialId: credentials.TryGetValue(e.Id, out var credentialId) ? credentialId : null,
                Transitions: full ? [.. e.Transitions.OrderBy(t => t.At).ThenBy(t => t.Id).Select(t => new TransitionDto(t.From is { } f ? EnrollmentLifecycle.Name(f) : null, EnrollmentLifecycle.Name(t.To), t.At, t.Actor, t.Note))] : [],
                Study: full ? [.. e.StudyLogs.OrderBy(s => s.On).ThenBy(s => s.Id).Select(s => new StudyDto(s.Id, s.On, s.Hours, s.Note, s.LoggedBy))] : [],
                Expenses: full ? [.. e.Expenses.OrderBy(x => x.IncurredOn).ThenBy(x => x.Id).Select(ToDto)] : [],
                Attempts: [.. e.Attempts.OrderBy(a => a.Number).Select(a => new AttemptDto(a.Id, a.Number, a.TakenOn, a.Score, a.PassMark, a.Passed, a.Fee))],
                Version: e.Version));
        }
        return result;
    }

    private static ExpenseDto ToDto(ExpenseLine x) => new(
        Id: x.Id,
        Category: x.Category,
        Amount: x.Amount,
        IncurredOn: x.IncurredOn,
        Note: x.Note,
        State: x.State.ToString().ToLowerInvariant(),
        SubmittedBy: x.SubmittedBy,
        DecidedBy: x.DecidedBy,
        ReceiptId: x.ReceiptId,
        ReceiptName: x.Receipt?.FileName,
        ReceiptType: x.Receipt?.ContentType,
        ReceiptBytes: x.Receipt?.Length,
        ReceiptSha256: x.Receipt?.Sha256,
        Version: x.Version,
        AgreementId: x.AgreementId,
        OverrideReason: x.OverrideReason);

    // ---- commands ----

    public async Task<Outcome<Enrollment>> CreateAsync(Caller caller, EnrollmentInput input, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        Employee? employee = null;
        if (input.EmployeeId is not { } employeeId || !await scope.CanSeeAsync(caller, employeeId, ct)
            || (employee = await db.Employees.FirstOrDefaultAsync(e => e.Id == employeeId, ct)) is null)
        {
            errors["employee_id"] = ["is not a person you can see"];
        }
        else if (employee.Status != EmploymentStatus.Active)
        {
            errors["employee_id"] = ["has left the organization"];
        }
        var certification = input.CertificationId is { } certId ? await db.Certifications.FirstOrDefaultAsync(c => c.Id == certId, ct) : null;
        if (certification is null)
        {
            errors["certification_id"] = ["is not a certification of the catalog"];
        }
        var origin = (input.Origin ?? "manual").Trim().ToLowerInvariant();
        if (origin is not ("manual" or "cohort_plan" or "recommendation"))
        {
            errors["origin"] = ["must be manual, cohort_plan or recommendation"];
        }
        ValidateTerms(input.PlannedStart, input.Deadline, input.PassMark, input.MinimumScore, errors);
        if (errors.Count > 0)
        {
            return Outcome<Enrollment>.Invalid(errors);
        }
        if (await db.Enrollments.AnyAsync(e => e.EmployeeId == employee!.Id && e.CertificationId == certification!.Id
            && e.Status != EnrollmentStatus.Withdrawn && e.Status != EnrollmentStatus.Failed && e.Status != EnrollmentStatus.NotCompleted, ct))
        {
            return Outcome<Enrollment>.Conflict($"{employee!.FullName} already has an open enrollment in {certification!.Code}");
        }
        var now = clock.GetUtcNow();
        var enrollment = new Enrollment
        {
            EmployeeId = employee!.Id,
            CertificationId = certification!.Id,
            Origin = origin,
            PlannedStart = input.PlannedStart,
            Deadline = input.Deadline,
            PassMark = input.PassMark ?? Options.DefaultPassMark,
            MinimumScore = input.MinimumScore,
            CreatedAt = now,
            CreatedBy = caller.Email,
        };
        enrollment.Transitions.Add(new EnrollmentTransition { To = EnrollmentStatus.Planned, At = now, Actor = caller.Email, Note = $"planned ({origin})" });
        db.Enrollments.Add(enrollment);
        await db.SaveChangesAsync(ct);
        return Outcome<Enrollment>.Ok(enrollment);
    }

    private static void ValidateTerms(DateOnly? start, DateOnly? deadline, decimal? passMark, decimal? minimum, Dictionary<string, string[]> errors)
    {
        if (start is { } s && deadline is { } d && d < s)
        {
            errors["deadline"] = ["cannot be before the planned start"];
        }
        if (passMark is { } p && !ExamRules.IsValidScore(p))
        {
            errors["pass_mark"] = ["must be a score 0-100"];
        }
        if (minimum is { } m && !ExamRules.IsValidScore(m))
        {
            errors["minimum_score"] = ["must be a score 0-100"];
        }
    }

    public async Task<Outcome<Enrollment>> UpdateAsync(Caller caller, Guid id, EnrollmentUpdate input, int? ifMatch, CancellationToken ct)
    {
        var found = await FindAsync(caller, id, ct);
        if (found.Value is not { } enrollment)
        {
            return found;
        }
        if (!caller.RunsProgram && !await IsAboveAsync(caller, enrollment.EmployeeId, ct))
        {
            return Outcome<Enrollment>.Forbidden("the deadline and the grades are set by the person's manager or the program manager");
        }
        if (ifMatch is { } v && v != enrollment.Version)
        {
            return Outcome<Enrollment>.StaleAt(enrollment.Version);
        }
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        ValidateTerms(input.PlannedStart, input.Deadline, input.PassMark, input.MinimumScore, errors);
        if (errors.Count > 0)
        {
            return Outcome<Enrollment>.Invalid(errors);
        }
        enrollment.PlannedStart = input.PlannedStart;
        enrollment.Deadline = input.Deadline;
        enrollment.PassMark = input.PassMark ?? enrollment.PassMark;
        enrollment.MinimumScore = input.MinimumScore;
        db.Entry(enrollment).Property(e => e.Deadline).IsModified = true;
        await db.SaveChangesAsync(ct);
        return Outcome<Enrollment>.Ok(enrollment);
    }

    public async Task<Outcome<Enrollment>> TransitionAsync(Caller caller, Guid id, TransitionInput input, CancellationToken ct)
    {
        var found = await FindAsync(caller, id, ct);
        if (found.Value is not { } enrollment)
        {
            return found;
        }
        if (!EnrollmentLifecycle.TryParse(input.To, out var to))
        {
            return Outcome<Enrollment>.Invalid("to", $"'{input.To}' is not a stage; use one of {string.Join(", ", Enum.GetValues<EnrollmentStatus>().Select(EnrollmentLifecycle.Name))}");
        }
        if ((input.Note?.Length ?? 0) > 1000)
        {
            return Outcome<Enrollment>.Invalid("note", "is at most 1000 characters");
        }
        var isSelf = caller.EmployeeId == enrollment.EmployeeId;
        var above = await IsAboveAsync(caller, enrollment.EmployeeId, ct);
        if (to == EnrollmentStatus.Approved && (isSelf || (!above && !caller.RunsProgram)))
        {
            return Outcome<Enrollment>.Forbidden("an enrollment is approved by the person's manager chain, an approver or the program manager, never by the person");
        }
        if (!isSelf && !above && !caller.RunsProgram)
        {
            return Outcome<Enrollment>.Forbidden("only the person, their manager chain or the program manager moves this enrollment");
        }
        if (EnrollmentLifecycle.WhyNot(enrollment.Status, to) is { } why)
        {
            return Outcome<Enrollment>.Conflict(why);
        }
        if (to is EnrollmentStatus.Passed or EnrollmentStatus.Failed)
        {
            return Outcome<Enrollment>.Invalid("to", "passed and failed follow from an exam attempt: record the attempt and its score");
        }
        if (to == EnrollmentStatus.NotCompleted)
        {
            return Outcome<Enrollment>.Invalid("to", "not completed follows from the completion rules (deadline, final attempt, minimum grade), never chosen by hand");
        }
        if (to == EnrollmentStatus.ExamScheduled)
        {
            if (input.ExamDate is not { } examDate)
            {
                return Outcome<Enrollment>.Invalid("exam_date", "is required to schedule the exam");
            }
            if (examDate < DateOnly.FromDateTime(enrollment.CreatedAt.UtcDateTime))
            {
                return Outcome<Enrollment>.Invalid("exam_date", "cannot be before the enrollment was made");
            }
            enrollment.ExamDate = examDate;
        }
        Move(enrollment, to, caller.Email, input.Note?.Trim() ?? "");
        return await SaveAsync(enrollment, ct);
    }

    /// <summary>
    /// Ends the enrollment as not completed (final) and tells the completion listeners in the same unit of work, so the
    /// agreement's not-completed rule opens its repayment in the same save.
    /// </summary>
    private async Task NotCompleteAsync(Enrollment enrollment, DateOnly on, string note, string actor, CancellationToken ct)
    {
        Move(enrollment, EnrollmentStatus.NotCompleted, actor, note.Length > 1000 ? note[..1000] : note);
        foreach (var listener in completionListeners)
        {
            await listener.NotCompletedAsync(enrollment, on, note, ct);
        }
    }

    /// <summary>
    /// The background run's deadline check (reminders run): every open enrollment whose completion deadline (the
    /// agreement's, else its own) passed before <paramref name="today"/> without a pass becomes not completed. Exactly
    /// once: the enrollment's version makes a second node's save fail, and a not-completed enrollment is not open.
    /// </summary>
    public async Task<int> EnforceDeadlinesAsync(DateOnly today, CancellationToken ct)
    {
        var open = await db.Enrollments.AsNoTracking().Include(e => e.Certification)
            .Where(e => e.Deadline != null || db.Agreements.Any(a => a.EmployeeId == e.EmployeeId && a.CountersignedAt != null))
            .Where(e => e.Status != EnrollmentStatus.Passed && e.Status != EnrollmentStatus.Withdrawn && e.Status != EnrollmentStatus.NotCompleted)
            .ToListAsync(ct);
        var rules = await completionRules.ForAllAsync(open, ct);
        var missed = open.Where(e => rules[e.Id].Deadline is { } due && today > due).ToList();
        var moved = 0;
        foreach (var stale in missed)
        {
            var enrollment = await db.Enrollments.Include(e => e.Certification).FirstAsync(e => e.Id == stale.Id, ct);
            if (!EnrollmentLifecycle.IsOpen(enrollment.Status) || enrollment.Status == EnrollmentStatus.Passed)
            {
                continue;
            }
            var due = rules[enrollment.Id].Deadline!.Value;
            try
            {
                await NotCompleteAsync(enrollment, due.AddDays(1), $"not completed: the deadline {due:yyyy-MM-dd} ({rules[enrollment.Id].Source}) passed without a pass", "system:completion", ct);
                await db.SaveChangesAsync(ct);
                moved++;
            }
            catch (DbUpdateException)
            {
                // Another node moved it first (or the save failed): the next pass looks again.
            }
            db.ChangeTracker.Clear();
        }
        return moved;
    }

    private void Move(Enrollment enrollment, EnrollmentStatus to, string actor, string note)
    {
        db.EnrollmentTransitions.Add(new EnrollmentTransition { EnrollmentId = enrollment.Id, From = enrollment.Status, To = to, At = clock.GetUtcNow(), Actor = actor, Note = note });
        enrollment.Status = to;
    }

    private async Task<Outcome<Enrollment>> SaveAsync(Enrollment enrollment, CancellationToken ct)
    {
        try
        {
            await db.SaveChangesAsync(ct);
            return Outcome<Enrollment>.Ok(enrollment);
        }
        catch (DbUpdateConcurrencyException)
        {
            var current = await db.Enrollments.AsNoTracking().Where(e => e.Id == enrollment.Id).Select(e => e.Version).FirstAsync(ct);
            return Outcome<Enrollment>.StaleAt(current);
        }
    }

    public async Task<Outcome<Enrollment>> LogStudyAsync(Caller caller, Guid id, StudyInput input, CancellationToken ct)
    {
        var found = await FindAsync(caller, id, ct);
        if (found.Value is not { } enrollment)
        {
            return found;
        }
        if (caller.EmployeeId != enrollment.EmployeeId && !caller.RunsProgram)
        {
            return Outcome<Enrollment>.Forbidden("study hours are logged by the person themself");
        }
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        if (input.On is not { } on || on > Today)
        {
            errors["on"] = ["is required and cannot be in the future"];
        }
        else if (on < DateOnly.FromDateTime(enrollment.CreatedAt.UtcDateTime))
        {
            errors["on"] = ["is before the enrollment was made"];
        }
        if (input.Hours is not (> 0 and <= 24))
        {
            errors["hours"] = ["must be more than 0 and at most 24"];
        }
        if ((input.Note?.Length ?? 0) > 1000)
        {
            errors["note"] = ["is at most 1000 characters"];
        }
        if (errors.Count > 0)
        {
            return Outcome<Enrollment>.Invalid(errors);
        }
        if (!EnrollmentLifecycle.AcceptsStudy(enrollment.Status))
        {
            return Outcome<Enrollment>.Conflict($"the enrollment is {EnrollmentLifecycle.Name(enrollment.Status)}: study hours are logged once enrolled and until the exam is passed");
        }
        db.StudyLogs.Add(new StudyLog { EnrollmentId = enrollment.Id, On = input.On!.Value, Hours = input.Hours!.Value, Note = input.Note?.Trim() ?? "", LoggedBy = caller.Email });
        await db.SaveChangesAsync(ct);
        return Outcome<Enrollment>.Ok(enrollment);
    }

    public async Task<Outcome<ExamAttempt>> RecordAttemptAsync(Caller caller, Guid id, AttemptInput input, CancellationToken ct)
    {
        var found = await FindAsync(caller, id, ct);
        if (found.Value is not { } enrollment)
        {
            return found.As<ExamAttempt>();
        }
        if (caller.EmployeeId != enrollment.EmployeeId && !caller.RunsProgram)
        {
            return Outcome<ExamAttempt>.Forbidden("exam results are recorded by the person or the program manager");
        }
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        if (input.Score is not { } score || !ExamRules.IsValidScore(score))
        {
            errors["score"] = ["must be a score from 0 to 100"];
        }
        var enrolledOn = (await db.EnrollmentTransitions.Where(t => t.EnrollmentId == id && t.To == EnrollmentStatus.Enrolled).Select(t => t.At).ToListAsync(ct))
            .Order().Select(t => (DateTimeOffset?)t).FirstOrDefault();
        if (input.TakenOn is not { } takenOn || takenOn > Today)
        {
            errors["taken_on"] = ["is required and cannot be in the future"];
        }
        else if (enrolledOn is { } e && takenOn < DateOnly.FromDateTime(e.UtcDateTime))
        {
            errors["taken_on"] = [$"is before the enrollment ({DateOnly.FromDateTime(e.UtcDateTime):yyyy-MM-dd}): an exam taken before enrolling does not count"];
        }
        if (errors.Count > 0)
        {
            return Outcome<ExamAttempt>.Invalid(errors);
        }
        if (!EnrollmentLifecycle.AcceptsExamAttempt(enrollment.Status))
        {
            return Outcome<ExamAttempt>.Conflict($"the enrollment is {EnrollmentLifecycle.Name(enrollment.Status)}: an exam attempt is recorded once the exam is scheduled");
        }
        var number = await db.ExamAttempts.CountAsync(a => a.EnrollmentId == id, ct) + 1;
        var passed = ExamRules.Passes(input.Score!.Value, enrollment.PassMark);
        var attempt = new ExamAttempt
        {
            EnrollmentId = id,
            Number = number,
            TakenOn = input.TakenOn!.Value,
            Score = input.Score.Value,
            PassMark = enrollment.PassMark,
            Passed = passed,
            Fee = ExamRules.FeeOf(number, enrollment.Certification!.ExamFee, enrollment.Certification.RetakeFee),
            RecordedBy = caller.Email,
        };
        db.ExamAttempts.Add(attempt);
        var note = string.Create(CultureInfo.InvariantCulture, $"attempt {number}: score {attempt.Score:0.##} against the pass mark {attempt.PassMark:0.##}");
        // The completion rules judge the attempt as it happens: a failed final attempt, a pass below the policy's
        // minimum grade or after its deadline ends the enrollment as not completed.
        var rules = await completionRules.ForAsync(enrollment, ct);
        var scores = await db.ExamAttempts.Where(a => a.EnrollmentId == id).Select(a => a.Score).ToListAsync(ct);
        var judged = CompletionCheck.Evaluate(rules, passed ? EnrollmentStatus.Passed : EnrollmentStatus.Failed, passed ? attempt.TakenOn : null,
            scores.Append(attempt.Score).Max(), attempt.TakenOn, number);
        var notCompleted = judged.State == CompletionState.NotMet;
        if (notCompleted)
        {
            await NotCompleteAsync(enrollment, attempt.TakenOn, $"{note}; not completed: {string.Join("; ", judged.Reasons)}", caller.Email, ct);
        }
        else
        {
            Move(enrollment, passed ? EnrollmentStatus.Passed : EnrollmentStatus.Failed, caller.Email, note);
        }
        if (passed)
        {
            var credential = await issuance.IssueAsync(enrollment, attempt.TakenOn, startsCommitment: !notCompleted, ct);
            if (caller.EmployeeId != enrollment.EmployeeId)
            {
                // Recorded by HR for someone else: verified at once by that person. The holder's own entry is a claim
                // until another HR person verifies it (CredentialService.VerifyResultAsync).
                (credential.VerifiedBy, credential.VerifiedAt, credential.VerificationEvidence) = (caller.Email, clock.GetUtcNow(), $"exam result recorded by HR: {note}");
            }
        }
        var saved = await SaveAsync(enrollment, ct);
        return saved.IsOk ? Outcome<ExamAttempt>.Ok(attempt) : saved.As<ExamAttempt>();
    }

    public EvidenceFile NewFile(Caller caller, Guid employeeId, string fileName, string contentType, byte[] content) => new()
    {
        FileName = Path.GetFileName(fileName).Length > 200 ? Path.GetFileName(fileName)[..200] : Path.GetFileName(fileName),
        ContentType = contentType,
        Length = content.Length,
        Sha256 = EvidenceFiles.Sha256(content),
        Content = content,
        EmployeeId = employeeId,
        UploadedAt = clock.GetUtcNow(),
        UploadedBy = caller.Email,
    };

    /// <summary>A stored file the caller may see (the owner's scope), for download.</summary>
    public async Task<EvidenceFile?> FileAsync(Caller caller, Guid fileId, CancellationToken ct)
    {
        var file = await db.EvidenceFiles.AsNoTracking().FirstOrDefaultAsync(f => f.Id == fileId, ct);
        return file is not null && await scope.CanSeeAsync(caller, file.EmployeeId, ct) ? file : null;
    }
}
