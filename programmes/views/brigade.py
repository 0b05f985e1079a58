"""brigade"""
