/* SPDX-License-Identifier: Apache-2.0 */
/* empty: the floor of the benchmark, a static process that does nothing. */
int main(void)
{
	return 0;
}
