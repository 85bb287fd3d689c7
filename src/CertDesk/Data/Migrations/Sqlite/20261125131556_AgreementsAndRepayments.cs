using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CertDesk.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class AgreementsAndRepayments : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "Budgets",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    FiscalYear = table.Column<int>(type: "INTEGER", nullable: false),
                    CostCenter = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Amount = table.Column<decimal>(type: "TEXT", precision: 14, scale: 2, nullable: false),
                    Version = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Budgets", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "BusinessCases",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    EmployeeId = table.Column<Guid>(type: "TEXT", nullable: false),
                    CertificationCode = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    CertificationName = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    FiscalYear = table.Column<int>(type: "INTEGER", nullable: false),
                    CostCenter = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Fees = table.Column<decimal>(type: "TEXT", precision: 14, scale: 2, nullable: false),
                    Materials = table.Column<decimal>(type: "TEXT", precision: 14, scale: 2, nullable: false),
                    Travel = table.Column<decimal>(type: "TEXT", precision: 14, scale: 2, nullable: false),
                    HoursAway = table.Column<decimal>(type: "TEXT", precision: 9, scale: 2, nullable: false),
                    HourlyLoadedCost = table.Column<decimal>(type: "TEXT", precision: 14, scale: 2, nullable: false),
                    Backfill = table.Column<decimal>(type: "TEXT", precision: 14, scale: 2, nullable: false),
                    BenefitYears = table.Column<int>(type: "INTEGER", nullable: false),
                    TotalCost = table.Column<decimal>(type: "TEXT", precision: 14, scale: 2, nullable: false),
                    Status = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    Justification = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: false),
                    DecisionComment = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true),
                    DecidedBy = table.Column<string>(type: "TEXT", maxLength: 254, nullable: true),
                    DecidedAt = table.Column<DateTimeOffset>(type: "TEXT", nullable: true),
                    SubmittedAt = table.Column<DateTimeOffset>(type: "TEXT", nullable: true),
                    CreatedBy = table.Column<string>(type: "TEXT", maxLength: 254, nullable: false),
                    CreatedAt = table.Column<DateTimeOffset>(type: "TEXT", nullable: false),
                    Version = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_BusinessCases", x => x.Id);
                    table.ForeignKey(
                        name: "FK_BusinessCases_Employees_EmployeeId",
                        column: x => x.EmployeeId,
                        principalTable: "Employees",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "ElectronicConsents",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    UserId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    DisclosureVersion = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    ConsentedAt = table.Column<DateTimeOffset>(type: "TEXT", nullable: false),
                    IpAddress = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    UserAgent = table.Column<string>(type: "TEXT", maxLength: 512, nullable: false),
                    WithdrawnAt = table.Column<DateTimeOffset>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ElectronicConsents", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "OutboxMessages",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    Key = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    To = table.Column<string>(type: "TEXT", maxLength: 254, nullable: false),
                    Subject = table.Column<string>(type: "TEXT", maxLength: 300, nullable: false),
                    Body = table.Column<string>(type: "TEXT", nullable: false),
                    CreatedAt = table.Column<DateTimeOffset>(type: "TEXT", nullable: false),
                    SentAt = table.Column<DateTimeOffset>(type: "TEXT", nullable: true),
                    Transport = table.Column<string>(type: "TEXT", maxLength: 16, nullable: true),
                    Error = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true),
                    Attempts = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_OutboxMessages", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "TuitionPolicies",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    Code = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    VersionNumber = table.Column<int>(type: "INTEGER", nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Status = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    PublishedAt = table.Column<DateTimeOffset>(type: "TEXT", nullable: true),
                    PublishedBy = table.Column<string>(type: "TEXT", maxLength: 254, nullable: true),
                    MinTenureMonths = table.Column<int>(type: "INTEGER", nullable: false),
                    EligibleRoles = table.Column<string>(type: "TEXT", maxLength: 500, nullable: false),
                    RequiresGoodStanding = table.Column<bool>(type: "INTEGER", nullable: false),
                    FundedItems = table.Column<string>(type: "TEXT", maxLength: 500, nullable: false),
                    AnnualCap = table.Column<decimal>(type: "TEXT", precision: 14, scale: 2, nullable: false),
                    TaxFreeAnnualLimit = table.Column<decimal>(type: "TEXT", precision: 14, scale: 2, nullable: false),
                    CompletionStandard = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    MinimumGrade = table.Column<string>(type: "TEXT", maxLength: 8, nullable: true),
                    CompletionDeadlineMonths = table.Column<int>(type: "INTEGER", nullable: false),
                    CommitmentMonths = table.Column<int>(type: "INTEGER", nullable: false),
                    CommitmentStart = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    Proration = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    Tiers = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: false),
                    TriggeringReasons = table.Column<string>(type: "TEXT", maxLength: 500, nullable: false),
                    ExemptReasons = table.Column<string>(type: "TEXT", maxLength: 500, nullable: false),
                    NotCompletedPercent = table.Column<decimal>(type: "TEXT", precision: 7, scale: 4, nullable: false),
                    Version = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_TuitionPolicies", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "BusinessCaseBenefit",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    BusinessCaseId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    AnnualValue = table.Column<decimal>(type: "TEXT", precision: 14, scale: 2, nullable: false),
                    Isolation = table.Column<decimal>(type: "TEXT", precision: 5, scale: 4, nullable: false),
                    Confidence = table.Column<decimal>(type: "TEXT", precision: 5, scale: 4, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_BusinessCaseBenefit", x => x.Id);
                    table.ForeignKey(
                        name: "FK_BusinessCaseBenefit_BusinessCases_BusinessCaseId",
                        column: x => x.BusinessCaseId,
                        principalTable: "BusinessCases",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "Agreements",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    EmployeeId = table.Column<Guid>(type: "TEXT", nullable: false),
                    PolicyId = table.Column<Guid>(type: "TEXT", nullable: false),
                    BusinessCaseId = table.Column<Guid>(type: "TEXT", nullable: true),
                    CertificationCode = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    CertificationName = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    FundedAmount = table.Column<decimal>(type: "TEXT", precision: 14, scale: 2, nullable: false),
                    TaxTreatment = table.Column<string>(type: "TEXT", maxLength: 24, nullable: false),
                    PaidOn = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    CompletedOn = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    Document = table.Column<string>(type: "TEXT", nullable: false),
                    DocumentSha256 = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Status = table.Column<string>(type: "TEXT", maxLength: 24, nullable: false),
                    IssuedAt = table.Column<DateTimeOffset>(type: "TEXT", nullable: false),
                    IssuedBy = table.Column<string>(type: "TEXT", maxLength: 254, nullable: false),
                    SignBy = table.Column<DateTimeOffset>(type: "TEXT", nullable: false),
                    EmployeeSignedAt = table.Column<DateTimeOffset>(type: "TEXT", nullable: true),
                    CountersignedAt = table.Column<DateTimeOffset>(type: "TEXT", nullable: true),
                    SupersededById = table.Column<Guid>(type: "TEXT", nullable: true),
                    LastReminderAt = table.Column<DateTimeOffset>(type: "TEXT", nullable: true),
                    RemindersSent = table.Column<int>(type: "INTEGER", nullable: false),
                    Version = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Agreements", x => x.Id);
                    table.ForeignKey(
                        name: "FK_Agreements_Employees_EmployeeId",
                        column: x => x.EmployeeId,
                        principalTable: "Employees",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_Agreements_TuitionPolicies_PolicyId",
                        column: x => x.PolicyId,
                        principalTable: "TuitionPolicies",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "AgreementSignatures",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    AgreementId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Role = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    SignerUserId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    SignerEmail = table.Column<string>(type: "TEXT", maxLength: 254, nullable: false),
                    SignerName = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    TypedName = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    IntentStatement = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: false),
                    DocumentSha256 = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    SignedAt = table.Column<DateTimeOffset>(type: "TEXT", nullable: false),
                    IpAddress = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    UserAgent = table.Column<string>(type: "TEXT", maxLength: 512, nullable: false),
                    AuthenticationMethod = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    ConsentId = table.Column<Guid>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AgreementSignatures", x => x.Id);
                    table.ForeignKey(
                        name: "FK_AgreementSignatures_Agreements_AgreementId",
                        column: x => x.AgreementId,
                        principalTable: "Agreements",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "Repayments",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    AgreementId = table.Column<Guid>(type: "TEXT", nullable: false),
                    EmployeeId = table.Column<Guid>(type: "TEXT", nullable: false),
                    SeparationDate = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    Reason = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    CommitmentStart = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    MonthsServed = table.Column<int>(type: "INTEGER", nullable: false),
                    CommitmentMonths = table.Column<int>(type: "INTEGER", nullable: false),
                    Percent = table.Column<decimal>(type: "TEXT", precision: 9, scale: 4, nullable: false),
                    Rule = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Owed = table.Column<decimal>(type: "TEXT", precision: 14, scale: 2, nullable: false),
                    Outstanding = table.Column<decimal>(type: "TEXT", precision: 14, scale: 2, nullable: false),
                    Status = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    OpenedAt = table.Column<DateTimeOffset>(type: "TEXT", nullable: false),
                    Version = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Repayments", x => x.Id);
                    table.ForeignKey(
                        name: "FK_Repayments_Agreements_AgreementId",
                        column: x => x.AgreementId,
                        principalTable: "Agreements",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_Repayments_Employees_EmployeeId",
                        column: x => x.EmployeeId,
                        principalTable: "Employees",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "RepaymentEntries",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    RepaymentId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 24, nullable: false),
                    Date = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    Amount = table.Column<decimal>(type: "TEXT", precision: 14, scale: 2, nullable: false),
                    Note = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: false),
                    ApprovedBy = table.Column<string>(type: "TEXT", maxLength: 254, nullable: true),
                    RecordedBy = table.Column<string>(type: "TEXT", maxLength: 254, nullable: false),
                    RecordedAt = table.Column<DateTimeOffset>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_RepaymentEntries", x => x.Id);
                    table.ForeignKey(
                        name: "FK_RepaymentEntries_Repayments_RepaymentId",
                        column: x => x.RepaymentId,
                        principalTable: "Repayments",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_Agreements_EmployeeId_Status",
                table: "Agreements",
                columns: new[] { "EmployeeId", "Status" });

            migrationBuilder.CreateIndex(
                name: "IX_Agreements_PolicyId",
                table: "Agreements",
                column: "PolicyId");

            migrationBuilder.CreateIndex(
                name: "IX_Agreements_Status",
                table: "Agreements",
                column: "Status");

            migrationBuilder.CreateIndex(
                name: "IX_AgreementSignatures_AgreementId_Role",
                table: "AgreementSignatures",
                columns: new[] { "AgreementId", "Role" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Budgets_FiscalYear_CostCenter",
                table: "Budgets",
                columns: new[] { "FiscalYear", "CostCenter" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_BusinessCaseBenefit_BusinessCaseId",
                table: "BusinessCaseBenefit",
                column: "BusinessCaseId");

            migrationBuilder.CreateIndex(
                name: "IX_BusinessCases_EmployeeId",
                table: "BusinessCases",
                column: "EmployeeId");

            migrationBuilder.CreateIndex(
                name: "IX_BusinessCases_FiscalYear_CostCenter_Status",
                table: "BusinessCases",
                columns: new[] { "FiscalYear", "CostCenter", "Status" });

            migrationBuilder.CreateIndex(
                name: "IX_ElectronicConsents_UserId",
                table: "ElectronicConsents",
                column: "UserId");

            migrationBuilder.CreateIndex(
                name: "IX_OutboxMessages_Key",
                table: "OutboxMessages",
                column: "Key",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_OutboxMessages_SentAt",
                table: "OutboxMessages",
                column: "SentAt");

            migrationBuilder.CreateIndex(
                name: "IX_RepaymentEntries_RepaymentId",
                table: "RepaymentEntries",
                column: "RepaymentId");

            migrationBuilder.CreateIndex(
                name: "IX_Repayments_AgreementId",
                table: "Repayments",
                column: "AgreementId",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Repayments_EmployeeId",
                table: "Repayments",
                column: "EmployeeId");

            migrationBuilder.CreateIndex(
                name: "IX_Repayments_Status",
                table: "Repayments",
                column: "Status");

            migrationBuilder.CreateIndex(
                name: "IX_TuitionPolicies_Code_VersionNumber",
                table: "TuitionPolicies",
                columns: new[] { "Code", "VersionNumber" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "AgreementSignatures");

            migrationBuilder.DropTable(
                name: "Budgets");

            migrationBuilder.DropTable(
                name: "BusinessCaseBenefit");

            migrationBuilder.DropTable(
                name: "ElectronicConsents");

            migrationBuilder.DropTable(
                name: "OutboxMessages");

            migrationBuilder.DropTable(
                name: "RepaymentEntries");

            migrationBuilder.DropTable(
                name: "BusinessCases");

            migrationBuilder.DropTable(
                name: "Repayments");

            migrationBuilder.DropTable(
                name: "Agreements");

            migrationBuilder.DropTable(
                name: "TuitionPolicies");
        }
    }
}
