using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CertDesk.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class CatalogCompetenciesAssessments : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "Competencies",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    Code = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 120, nullable: false),
                    Category = table.Column<string>(type: "TEXT", maxLength: 80, nullable: false),
                    ParentId = table.Column<Guid>(type: "TEXT", nullable: true),
                    Level1 = table.Column<string>(type: "TEXT", maxLength: 500, nullable: false),
                    Level2 = table.Column<string>(type: "TEXT", maxLength: 500, nullable: false),
                    Level3 = table.Column<string>(type: "TEXT", maxLength: 500, nullable: false),
                    Level4 = table.Column<string>(type: "TEXT", maxLength: 500, nullable: false),
                    Level5 = table.Column<string>(type: "TEXT", maxLength: 500, nullable: false),
                    Version = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Competencies", x => x.Id);
                    table.ForeignKey(
                        name: "FK_Competencies_Competencies_ParentId",
                        column: x => x.ParentId,
                        principalTable: "Competencies",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "Issuers",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    Code = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Website = table.Column<string>(type: "TEXT", maxLength: 300, nullable: true),
                    Source = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true),
                    Version = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Issuers", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "Assessments",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    EmployeeId = table.Column<Guid>(type: "TEXT", nullable: false),
                    CompetencyId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Source = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    Level = table.Column<int>(type: "INTEGER", nullable: false),
                    AssessedOn = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    AssessorEmail = table.Column<string>(type: "TEXT", maxLength: 254, nullable: false),
                    Evidence = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: false),
                    Comment = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: false),
                    Version = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Assessments", x => x.Id);
                    table.ForeignKey(
                        name: "FK_Assessments_Competencies_CompetencyId",
                        column: x => x.CompetencyId,
                        principalTable: "Competencies",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_Assessments_Employees_EmployeeId",
                        column: x => x.EmployeeId,
                        principalTable: "Employees",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "RoleRequirements",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    JobRole = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    CompetencyId = table.Column<Guid>(type: "TEXT", nullable: false),
                    RequiredLevel = table.Column<int>(type: "INTEGER", nullable: false),
                    Weight = table.Column<decimal>(type: "TEXT", precision: 6, scale: 2, nullable: false),
                    Version = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_RoleRequirements", x => x.Id);
                    table.ForeignKey(
                        name: "FK_RoleRequirements_Competencies_CompetencyId",
                        column: x => x.CompetencyId,
                        principalTable: "Competencies",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "Certifications",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    Code = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    IssuerId = table.Column<Guid>(type: "TEXT", nullable: true),
                    Format = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true),
                    InPerson = table.Column<bool>(type: "INTEGER", nullable: true),
                    Prerequisites = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true),
                    PrerequisiteCodes = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    TuitionFee = table.Column<decimal>(type: "TEXT", precision: 12, scale: 2, nullable: true),
                    ExamFee = table.Column<decimal>(type: "TEXT", precision: 12, scale: 2, nullable: true),
                    MaterialsFee = table.Column<decimal>(type: "TEXT", precision: 12, scale: 2, nullable: true),
                    RetakeFee = table.Column<decimal>(type: "TEXT", precision: 12, scale: 2, nullable: true),
                    ExamAttempts = table.Column<int>(type: "INTEGER", nullable: true),
                    StudyHours = table.Column<decimal>(type: "TEXT", precision: 8, scale: 2, nullable: true),
                    ClassHours = table.Column<decimal>(type: "TEXT", precision: 8, scale: 2, nullable: true),
                    ValidityMonths = table.Column<int>(type: "INTEGER", nullable: true),
                    RenewalPeriodMonths = table.Column<int>(type: "INTEGER", nullable: true),
                    RenewalCeAmount = table.Column<decimal>(type: "TEXT", precision: 8, scale: 2, nullable: true),
                    RenewalCeUnit = table.Column<string>(type: "TEXT", maxLength: 32, nullable: true),
                    RenewalRule = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true),
                    Verification = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    Notes = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true),
                    Sources = table.Column<string>(type: "TEXT", nullable: false),
                    Version = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Certifications", x => x.Id);
                    table.ForeignKey(
                        name: "FK_Certifications_Issuers_IssuerId",
                        column: x => x.IssuerId,
                        principalTable: "Issuers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "CertificationCompetencies",
                columns: table => new
                {
                    CertificationId = table.Column<Guid>(type: "TEXT", nullable: false),
                    CompetencyId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Level = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_CertificationCompetencies", x => new { x.CertificationId, x.CompetencyId });
                    table.ForeignKey(
                        name: "FK_CertificationCompetencies_Certifications_CertificationId",
                        column: x => x.CertificationId,
                        principalTable: "Certifications",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_CertificationCompetencies_Competencies_CompetencyId",
                        column: x => x.CompetencyId,
                        principalTable: "Competencies",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "IX_Assessments_CompetencyId",
                table: "Assessments",
                column: "CompetencyId");

            migrationBuilder.CreateIndex(
                name: "IX_Assessments_EmployeeId_CompetencyId_Source_AssessedOn_AssessorEmail",
                table: "Assessments",
                columns: new[] { "EmployeeId", "CompetencyId", "Source", "AssessedOn", "AssessorEmail" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_CertificationCompetencies_CompetencyId",
                table: "CertificationCompetencies",
                column: "CompetencyId");

            migrationBuilder.CreateIndex(
                name: "IX_Certifications_Code_IssuerId",
                table: "Certifications",
                columns: new[] { "Code", "IssuerId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Certifications_IssuerId",
                table: "Certifications",
                column: "IssuerId");

            migrationBuilder.CreateIndex(
                name: "IX_Competencies_Code",
                table: "Competencies",
                column: "Code",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Competencies_ParentId",
                table: "Competencies",
                column: "ParentId");

            migrationBuilder.CreateIndex(
                name: "IX_Issuers_Code",
                table: "Issuers",
                column: "Code",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_RoleRequirements_CompetencyId",
                table: "RoleRequirements",
                column: "CompetencyId");

            migrationBuilder.CreateIndex(
                name: "IX_RoleRequirements_JobRole_CompetencyId",
                table: "RoleRequirements",
                columns: new[] { "JobRole", "CompetencyId" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "Assessments");

            migrationBuilder.DropTable(
                name: "CertificationCompetencies");

            migrationBuilder.DropTable(
                name: "RoleRequirements");

            migrationBuilder.DropTable(
                name: "Certifications");

            migrationBuilder.DropTable(
                name: "Competencies");

            migrationBuilder.DropTable(
                name: "Issuers");
        }
    }
}
