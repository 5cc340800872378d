// Keeps the support library non-empty while the suites grow; helpers live beside it.
namespace ploeg::test {
int support_library_anchor = 0;
}
