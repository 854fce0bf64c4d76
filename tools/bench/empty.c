/* empty: the floor of the benchmark, a static process that does nothing. */
int main(void)
{
	return 0;
}
