using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CertDesk.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class KpiImportBytes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<long>(
                name: "Bytes",
                table: "KpiImports",
                type: "bigint",
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "Bytes",
                table: "KpiImports");
        }
    }
}
