"""magistere"""
